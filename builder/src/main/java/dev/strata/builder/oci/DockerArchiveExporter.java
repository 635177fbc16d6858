package dev.strata.builder.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.blob.KeepOpenOutputStream;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.hash.DigestingInputStream;
import dev.strata.builder.json.Json;
import dev.strata.builder.layer.Compression;
import dev.strata.builder.tar.TarLayerWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exports one image as a {@code docker save} archive ({@code type=docker}): {@code manifest.json},
 * {@code repositories}, the config as {@code <id>.json} and each layer uncompressed as
 * {@code <diffid>.tar} (what every {@code docker load} and {@code podman load} accepts). Layers
 * are decompressed twice, once to learn their size and once into the archive, instead of being
 * buffered; each is checked against its diff ID. Written to a temp file and renamed.
 */
public final class DockerArchiveExporter {
    private DockerArchiveExporter() {}

    /** Writes {@code dest}, tagging the image with {@code names} ({@code app:1.0}). */
    public static void write(BlobStore store, Descriptor manifest, List<String> names, Path dest) throws IOException {
        ImageBlobs image = ImageBlobs.load(store, manifest);
        List<Digest> diffIds = image.config().rootfs().diffIds();
        List<Descriptor> layers = image.manifest().layers();
        if (diffIds.size() != layers.size()) {
            throw new IOException("image " + manifest.digest().shortHex() + ": " + layers.size() + " layers but " + diffIds.size() + " diff_ids");
        }
        Map<String, Descriptor> layerFiles = new TreeMap<>();
        for (int i = 0; i < layers.size(); i++) {
            layerFiles.putIfAbsent(diffIds.get(i).hex() + ".tar", layers.get(i));
        }
        Map<String, Digest> diffIdOf = new TreeMap<>();
        for (int i = 0; i < layers.size(); i++) {
            diffIdOf.putIfAbsent(diffIds.get(i).hex() + ".tar", diffIds.get(i));
        }
        Digest configDigest = image.manifest().config().digest();
        String configName = configDigest.hex() + ".json";
        byte[] manifestJson = manifestJson(configName, names, diffIds);
        byte[] repositories = repositories(names, diffIds);

        AtomicOutput.file(dest, out -> {
            try (TarLayerWriter tar = new TarLayerWriter(new KeepOpenOutputStream(out), Instant.EPOCH)) {
                for (Map.Entry<String, Descriptor> layer : layerFiles.entrySet()) {
                    writeLayer(store, tar, layer.getKey(), layer.getValue(), diffIdOf.get(layer.getKey()));
                }
                try (InputStream in = store.open(configDigest)) {
                    OciExporter.file(tar, configName, store.size(configDigest), in);
                }
                OciExporter.file(tar, "manifest.json", manifestJson.length, new ByteArrayInputStream(manifestJson));
                if (repositories != null) {
                    OciExporter.file(tar, "repositories", repositories.length, new ByteArrayInputStream(repositories));
                }
                tar.finish();
            }
        });
    }

    private static void writeLayer(BlobStore store, TarLayerWriter tar, String name, Descriptor layer, Digest diffId) throws IOException {
        Compression compression = Compression.ofMediaType(layer.mediaType());
        long size;
        if (compression == Compression.NONE) {
            size = store.size(layer.digest());
        } else {
            try (InputStream in = uncompressed(store, layer.digest(), compression)) {
                size = in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                store.verify(layer.digest()); // a damaged blob says so, naming itself, rather than "invalid block"
                throw e;
            }
        }
        try (DigestingInputStream in = new DigestingInputStream(uncompressed(store, layer.digest(), compression))) {
            OciExporter.file(tar, name, size, in);
            if (!in.digest().equals(diffId)) {
                throw new IOException("layer " + layer.digest() + " does not match its diff ID " + diffId + " (got " + in.digest() + ")");
            }
        }
    }

    private static InputStream uncompressed(BlobStore store, Digest digest, Compression compression) throws IOException {
        InputStream raw = new java.io.BufferedInputStream(store.open(digest), 1 << 16);
        return switch (compression) {
            case GZIP -> new java.util.zip.GZIPInputStream(raw, 1 << 16);
            case ZSTD -> new com.github.luben.zstd.ZstdInputStream(raw);
            case NONE -> raw;
        };
    }

    private static byte[] manifestJson(String configName, List<String> names, List<Digest> diffIds) {
        ArrayNode root = Json.array();
        ObjectNode entry = root.addObject();
        entry.put("Config", configName);
        ArrayNode tags = entry.putArray("RepoTags");
        names.stream().map(ImageNames::withTag).distinct().forEach(tags::add);
        ArrayNode layerNames = entry.putArray("Layers");
        diffIds.forEach(d -> layerNames.add(d.hex() + ".tar"));
        return OciJson.write(root);
    }

    /** Legacy {@code repositories}: repository → tag → top layer; null when there is nothing to name. */
    private static byte[] repositories(List<String> names, List<Digest> diffIds) {
        if (names.isEmpty() || diffIds.isEmpty()) {
            return null;
        }
        ObjectNode root = Json.object();
        String top = diffIds.get(diffIds.size() - 1).hex();
        for (String name : names) {
            ObjectNode repo = root.has(ImageNames.repository(name)) ? (ObjectNode) root.get(ImageNames.repository(name))
                    : root.putObject(ImageNames.repository(name));
            repo.put(ImageNames.tag(name), top);
        }
        return OciJson.write(root);
    }
}
