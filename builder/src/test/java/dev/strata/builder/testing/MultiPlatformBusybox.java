package dev.strata.builder.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.exec.Emulation;
import dev.strata.builder.exec.ExecException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A two-platform busybox base for tests: Debian's busybox-static for amd64 (the host's) and for
 * arm64, each an image of {@link BusyboxLayout}, under one OCI image index. The arm64 binary
 * comes from {@code busybox-static_*_arm64.deb} in {@link DebianBase#cacheDir()}{@code /debs},
 * which {@code .ci/run} downloads ({@code dpkg --add-architecture arm64}, {@code apt-get download
 * busybox-static:arm64}); it is unpacked once and kept there. Never pulls from the internet.
 */
public final class MultiPlatformBusybox {
    private static final String HOW = "dpkg --add-architecture arm64 && apt-get update && (cd " + DebianBase.cacheDir().resolve("debs")
            + " && apt-get download busybox-static:arm64), as .ci/run does";

    private MultiPlatformBusybox() {}

    /** The aarch64 {@code /bin/busybox}, or skip (locally) / fail (in CI) saying how to get it. */
    public static Path arm64Busybox() throws IOException {
        Path cache = DebianBase.cacheDir();
        Path binary = cache.resolve("busybox-static-arm64/bin/busybox");
        if (Files.isRegularFile(binary)) {
            return binary;
        }
        Optional<Path> deb = findDeb(cache.resolve("debs"));
        if (deb.isEmpty()) {
            missing("busybox-static for arm64 is not in the test cache: " + HOW);
        }
        Path temp = Files.createTempDirectory(Files.createDirectories(cache), ".busybox-arm64-");
        try {
            Command.ok(Tools.require("dpkg-deb").toString(), "-x", deb.get().toString(), temp.resolve("root").toString());
            try {
                Files.move(temp.resolve("root"), cache.resolve("busybox-static-arm64"), StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                // another test run unpacked it first
            }
        } finally {
            Command.run("rm", "-rf", temp.toString());
        }
        return binary;
    }

    /** Skips (locally) or fails (in CI) unless arm64 programs run here (QEMU registered with binfmt_misc). */
    public static void requireArm64Emulation() {
        try {
            Emulation.check("linux/arm64", "arm64");
        } catch (ExecException e) {
            missing(e.getMessage());
        }
    }

    /**
     * Adds to the layout {@code layoutDir} the images {@code TAG-amd64}, {@code TAG-arm64} and the
     * index {@code TAG} listing both with their platforms.
     */
    public static Path create(Path layoutDir, String tag) throws IOException {
        Path arm64 = arm64Busybox();
        BusyboxLayout.create(layoutDir, tag + "-amd64");
        BusyboxLayout.create(layoutDir, tag + "-arm64", arm64, "arm64");
        ObjectMapper json = new ObjectMapper();
        ObjectNode layoutIndex = (ObjectNode) json.readTree(layoutDir.resolve("index.json").toFile());
        ObjectNode index = json.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        ArrayNode manifests = index.putArray("manifests");
        for (String arch : new String[] {"amd64", "arm64"}) {
            for (var entry : layoutIndex.path("manifests")) {
                if ((tag + "-" + arch).equals(entry.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                    ObjectNode m = manifests.addObject();
                    m.put("mediaType", entry.path("mediaType").asText());
                    m.put("digest", entry.path("digest").asText());
                    m.put("size", entry.path("size").asLong());
                    m.putObject("platform").put("architecture", arch).put("os", "linux");
                }
            }
        }
        Assertions.assertEquals(2, manifests.size(), layoutIndex.toString());
        byte[] bytes = json.writeValueAsBytes(index);
        String hex = sha256(bytes);
        Files.write(layoutDir.resolve("blobs/sha256").resolve(hex), bytes);
        ObjectNode named = ((ArrayNode) layoutIndex.path("manifests")).addObject();
        named.put("mediaType", "application/vnd.oci.image.index.v1+json");
        named.put("digest", "sha256:" + hex);
        named.put("size", bytes.length);
        named.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
        Files.write(layoutDir.resolve("index.json"), json.writeValueAsBytes(layoutIndex));
        return layoutDir;
    }

    private static Optional<Path> findDeb(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> debs = Files.newDirectoryStream(dir, "busybox-static_*_arm64.deb")) {
            for (Path deb : debs) {
                return Optional.of(deb);
            }
        }
        return Optional.empty();
    }

    private static void missing(String message) {
        if (Tools.inCi()) {
            Assertions.fail(message);
        }
        System.err.println("!!! SKIPPED: " + message);
        Assumptions.abort(message);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
