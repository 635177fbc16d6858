package dev.strata.builder.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.steps.StepServices.CachedStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The step index: cache key to layer, one small JSON file per key under the store, written
 * atomically. (Engine-local until the {@code cache} package's StepCache lands; then replaced.)
 * Thread-safe.
 */
final class StepIndex {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlobStore store;
    private final Path dir;

    StepIndex(BlobStore store) throws IOException {
        this.store = store;
        this.dir = store.root().resolve("strata").resolve("steps");
        Files.createDirectories(dir);
    }

    Optional<CachedStep> lookup(String key) {
        Path file = file(key);
        try {
            JsonNode node = JSON.readTree(Files.readAllBytes(file));
            if (!node.hasNonNull("digest")) {
                return Optional.of(new CachedStep(Optional.empty()));
            }
            Layer layer = new Layer(Digest.parse(node.get("digest").asText()), Digest.parse(node.get("diffId").asText()),
                    node.get("size").asLong(), node.get("mediaType").asText());
            if (!store.has(layer.digest())) {
                return Optional.empty();
            }
            return Optional.of(new CachedStep(Optional.of(layer)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void store(String key, CachedStep step) {
        ObjectNode node = JSON.createObjectNode();
        step.layer().ifPresent(l -> {
            node.put("digest", l.digest().toString());
            node.put("diffId", l.diffId().toString());
            node.put("size", l.size());
            node.put("mediaType", l.mediaType());
        });
        try {
            Path tmp = Files.createTempFile(dir, ".step", ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(node));
            Files.move(tmp, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // A cache entry that cannot be written only costs a rebuild next time.
        }
    }

    private Path file(String key) {
        return dir.resolve(key.replace("sha256:", "") + ".json");
    }
}
