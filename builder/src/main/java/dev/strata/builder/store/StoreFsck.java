package dev.strata.builder.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.api.FsckResult;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.hash.DigestingInputStream;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.OciJson;
import dev.strata.builder.oci.OciLayoutWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One check of a store: hash every blob, then walk every index entry (index → manifests → config
 * and layers) for missing blobs, sizes that differ from their descriptors and damaged blobs they
 * need. Documents are read up to 16 MiB and 8 levels deep. Not thread-safe (one run per instance).
 */
final class StoreFsck {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_DEPTH = 8;
    private static final long MAX_DOCUMENT = 16L << 20;

    private final BlobStore store;
    private final Map<Digest, Long> sizes = new HashMap<>();
    private final Set<Digest> corrupt = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();
    /** Documents already walked for the current image: an index naming a child many times costs one walk. */
    private final Set<Digest> walked = new java.util.HashSet<>();

    StoreFsck(BlobStore store) {
        this.store = store;
    }

    FsckResult run() throws IOException {
        int blobs = hashBlobs();
        List<Descriptor> entries;
        try {
            entries = OciLayoutWriter.entries(store);
        } catch (IOException e) {
            problems.add("index.json: " + e.getMessage());
            return new FsckResult(blobs, 0, problems);
        }
        for (Descriptor entry : entries) {
            String name = entry.annotation(OciLayoutWriter.REF_NAME);
            String image = "image " + (name != null ? printable(name) : entry.digest().toString());
            Set<String> seen = new LinkedHashSet<>();
            walked.clear();
            walk(image, "manifest", entry, 0, seen);
            problems.addAll(seen);
        }
        return new FsckResult(blobs, entries.size(), problems);
    }

    private int hashBlobs() throws IOException {
        Path dir = store.root().resolve("blobs").resolve("sha256");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.sorted().toList();
        }
        int count = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!HEX64.matcher(name).matches() || !attrs.isRegularFile()) {
                problems.add("blobs/sha256/" + printable(name) + ": " + (attrs.isRegularFile() ? "not named by a sha256 digest" : "not a regular file"));
                continue;
            }
            count++;
            Digest expected = Digest.sha256(name);
            // hashed from the file, not through the store's reader: this reports rather than throws
            try (DigestingInputStream in = new DigestingInputStream(Files.newInputStream(file))) {
                in.transferTo(OutputStream.nullOutputStream());
                sizes.put(expected, in.count());
                if (!in.digest().equals(expected)) {
                    corrupt.add(expected);
                    problems.add("blob " + expected + ": corrupt (its " + in.count() + " bytes hash to " + in.digest() + ")");
                }
            }
        }
        return count;
    }

    private void walk(String image, String role, Descriptor d, int depth, Set<String> out) {
        if (!check(image, role, d, out) || !isDocument(d.mediaType()) || depth > MAX_DEPTH || !walked.add(d.digest())) {
            return;
        }
        JsonNode doc;
        try (InputStream in = Files.newInputStream(store.path(d.digest()))) {
            byte[] bytes = in.readNBytes((int) Math.min(MAX_DOCUMENT, sizes.get(d.digest())));
            doc = OciJson.tree(bytes, d.digest().toString());
        } catch (IOException | RuntimeException e) {
            out.add(image + ": " + role + " " + d.digest() + " is not readable JSON (" + printable(String.valueOf(e.getMessage())) + ")");
            return;
        }
        for (JsonNode child : doc.path("manifests")) {
            descriptor(image, child, out).ifPresent(c -> walk(image, "manifest", c, depth + 1, out));
        }
        if (doc.has("config")) {
            descriptor(image, doc.get("config"), out).ifPresent(c -> check(image, "config", c, out));
        }
        for (JsonNode layer : doc.path("layers")) {
            descriptor(image, layer, out).ifPresent(l -> check(image, "layer", l, out));
        }
    }

    /** Whether the blob {@code d} names is there, whole and of the size it claims; reports it otherwise. */
    private boolean check(String image, String role, Descriptor d, Set<String> out) {
        Long size = sizes.get(d.digest());
        if (size == null) {
            out.add(image + ": " + role + " " + d.digest() + " is missing");
            return false;
        }
        if (size != d.size()) {
            out.add(image + ": " + role + " " + d.digest() + " has " + size + " bytes, its descriptor says " + d.size());
            return false;
        }
        if (corrupt.contains(d.digest())) {
            out.add(image + ": " + role + " " + d.digest() + " is corrupt");
            return false;
        }
        return true;
    }

    private static java.util.Optional<Descriptor> descriptor(String image, JsonNode node, Set<String> out) {
        try {
            Digest digest = Digest.parse(node.path("digest").asText());
            return java.util.Optional.of(Descriptor.of(node.path("mediaType").asText(""), digest, node.path("size").asLong(-1)));
        } catch (IllegalArgumentException e) {
            out.add(image + ": a descriptor has no valid digest (" + printable(String.valueOf(e.getMessage())) + ")");
            return java.util.Optional.empty();
        }
    }

    private static boolean isDocument(String mediaType) {
        return mediaType.contains("manifest") || mediaType.contains("index");
    }

    /** Text from the store's files on one line, without terminal control characters. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
