package dev.strata.builder.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.hash.DigestingInputStream;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.ImageConfig;
import dev.strata.builder.oci.Manifest;
import dev.strata.builder.oci.MediaTypes;
import dev.strata.builder.oci.OciJson;
import dev.strata.builder.oci.OciLayoutReader;
import dev.strata.builder.oci.OciLayoutWriter;
import dev.strata.builder.oci.Platform;
import dev.strata.builder.oci.ResolvedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Imports an OCI archive (a tar of an image layout) or a {@code docker save} archive into the
 * store. The archive is unpacked into a private temp directory in the store (regular files with
 * safe relative names only), every blob is verified against its digest (docker layers against
 * their diff IDs), then the names are written to {@code index.json}. Not thread-safe.
 */
final class ArchiveLoader {
    private static final String CONTAINERD_NAME = "io.containerd.image.name";
    private static final String LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    private static final String LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

    private final BlobStore store;
    private final Path tempDir;

    /** {@code tempDir}: on the store's file system, removed with its lease if the load is killed. */
    ArchiveLoader(BlobStore store, Path tempDir) {
        this.store = store;
        this.tempDir = tempDir;
    }

    /** Loads {@code archive}; returns the names it gave images. */
    List<String> load(Path archive) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new BuildException(archive + ": no such file");
        }
        Path dir = Files.createTempDirectory(tempDir, ".load-");
        try {
            unpack(archive, dir);
            if (Files.isRegularFile(dir.resolve("index.json")) && Files.isRegularFile(dir.resolve("oci-layout"))) {
                return loadOci(dir);
            }
            if (Files.isRegularFile(dir.resolve("manifest.json"))) {
                return loadDocker(archive, dir);
            }
            throw new BuildException(archive + ": neither an OCI archive (no index.json and oci-layout) nor a docker archive (no manifest.json)");
        } finally {
            deleteTree(dir);
        }
    }

    private void unpack(Path archive, Path dir) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue; // directories are implied; links and devices have no place in an image archive
                }
                String name = entry.getName();
                while (name.startsWith("./")) {
                    name = name.substring(2);
                }
                Path target = dir.resolve(name).normalize();
                if (name.isEmpty() || name.startsWith("/") || !target.startsWith(dir) || target.equals(dir)) {
                    throw new BuildException(archive + ": entry \"" + entry.getName() + "\" points outside the archive");
                }
                Files.createDirectories(target.getParent());
                Files.copy(tar, target);
            }
        } catch (IOException e) {
            if (e instanceof NoSuchFileException) {
                throw e;
            }
            throw new BuildException(archive + ": not a readable tar archive: " + e.getMessage(), e);
        }
    }

    private List<String> loadOci(Path dir) throws IOException {
        OciLayoutReader reader = OciLayoutReader.open(dir);
        JsonNode index = OciJson.tree(Files.readAllBytes(dir.resolve("index.json")), "index.json");
        List<String> names = new ArrayList<>();
        for (JsonNode d : index.path("manifests")) {
            String digest = d.path("digest").asText();
            ResolvedImage image = reader.resolve(digest, Platform.host());
            reader.copyInto(image, store);
            String name = d.path("annotations").path(CONTAINERD_NAME).asText(null);
            if (name == null) {
                name = d.path("annotations").path(OciLayoutWriter.REF_NAME).asText(null);
            }
            if (name != null) {
                names.add(name(name, image.descriptor()));
            }
        }
        return names;
    }

    private List<String> loadDocker(Path archive, Path dir) throws IOException {
        JsonNode manifests = OciJson.tree(Files.readAllBytes(dir.resolve("manifest.json")), archive + ": manifest.json");
        List<String> names = new ArrayList<>();
        for (JsonNode entry : manifests) {
            byte[] configBytes = Files.readAllBytes(file(archive, dir, entry.path("Config").asText()));
            ImageConfig config = OciJson.read(configBytes, ImageConfig.class, archive + ": " + entry.path("Config").asText());
            Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, store.put(configBytes));
            List<Digest> diffIds = config.rootfs().diffIds();
            JsonNode layerFiles = entry.path("Layers");
            if (layerFiles.size() != diffIds.size()) {
                throw new BuildException(archive + ": " + layerFiles.size() + " layers but the config has " + diffIds.size() + " diff_ids");
            }
            List<Descriptor> layers = new ArrayList<>();
            for (int i = 0; i < diffIds.size(); i++) {
                layers.add(layer(archive, file(archive, dir, layerFiles.get(i).asText()), diffIds.get(i)));
            }
            Manifest manifest = Manifest.of(MediaTypes.OCI_MANIFEST, configDescriptor, layers, null);
            Descriptor stored = Descriptor.of(MediaTypes.OCI_MANIFEST, store.put(OciJson.write(manifest)));
            for (JsonNode tag : entry.path("RepoTags")) {
                names.add(name(tag.asText(), stored));
            }
        }
        return names;
    }

    /** Stores a docker-archive layer as it is (tar or gzip), checked against its diff ID. */
    private Descriptor layer(Path archive, Path file, Digest diffId) throws IOException {
        boolean gzip;
        try (InputStream in = Files.newInputStream(file)) {
            gzip = in.read() == 0x1f && in.read() == 0x8b;
        }
        if (!gzip) {
            try (InputStream in = Files.newInputStream(file)) {
                return Descriptor.of(LAYER_TAR, store.put(in, diffId));
            } catch (dev.strata.builder.blob.DigestMismatchException e) {
                throw new BuildException(archive + ": layer " + dir(file) + " does not match its diff ID " + diffId, e);
            }
        }
        try (DigestingInputStream in = new DigestingInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            if (!in.digest().equals(diffId)) {
                throw new BuildException(archive + ": layer " + dir(file) + " does not match its diff ID " + diffId);
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Descriptor.of(LAYER_GZIP, store.put(in, null));
        }
    }

    private static String dir(Path file) {
        return file.getFileName().toString();
    }

    private String name(String text, Descriptor manifest) throws IOException {
        String name = StoreRefs.validName(familiar(text));
        OciLayoutWriter.tag(store, name, manifest);
        return name;
    }

    /** Docker Hub names as users write them: {@code docker.io/library/app:1} → {@code app:1}, as {@code docker load} shows them. */
    static String familiar(String name) {
        for (String hub : List.of("docker.io/", "index.docker.io/")) {
            if (name.startsWith(hub)) {
                String rest = name.substring(hub.length());
                return rest.startsWith("library/") && rest.indexOf('/', 8) < 0 ? rest.substring(8) : rest;
            }
        }
        return name;
    }

    private static Path file(Path archive, Path dir, String name) {
        Path file = dir.resolve(name).normalize();
        if (name.isEmpty() || !file.startsWith(dir) || !Files.isRegularFile(file)) {
            throw new BuildException(archive + ": manifest.json names \"" + name + "\", which is not in the archive");
        }
        return file;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
