package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.blob.BlobDescriptor;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.cache.CacheKey;
import dev.strata.builder.cache.StepCache;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.json.Json;
import dev.strata.builder.oci.OciJson;
import dev.strata.builder.testing.Command;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry cache round trip between two stores ("machines") through a real registry. */
class RegistryCacheTest {

    private static BlobDescriptor randomBlob(BlobStore store, long seed) throws IOException {
        byte[] bytes = new byte[200_000];
        new Random(seed).nextBytes(bytes);
        return store.put(bytes);
    }

    private static JsonNode layerResult(BlobDescriptor blob) {
        ObjectNode result = Json.object();
        ObjectNode layer = result.putObject("layer");
        layer.put("digest", blob.digest().toString());
        layer.put("diffId", Digest.ofBytes(new byte[] {1}).toString());
        layer.put("size", blob.size());
        layer.put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip");
        return result;
    }

    /** What the JSON reads back as (a long written is an int read, and Jackson's nodes differ). */
    private static JsonNode reparsed(JsonNode node) throws IOException {
        return OciJson.tree(OciJson.write(node), "test");
    }

    @Test
    void exportsOnOneMachineAndImportsOnAnotherFetchingOnlyNeededBlobs(@TempDir Path tmp) throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            RegistryOptions options = RegistryPullerTest.options(tmp);
            ImageReference ref = ImageReference.parse(registry.host() + "/team/app-cache:main");

            BlobStore storeA = BlobStore.open(tmp.resolve("a"));
            StepCache cacheA = new StepCache(storeA);
            BlobDescriptor first = randomBlob(storeA, 1);
            BlobDescriptor second = randomBlob(storeA, 2);
            CacheKey runA = CacheKey.of(Map.of("instruction", "RUN make a", "parent", ""));
            CacheKey env = CacheKey.of(Map.of("instruction", "ENV X=1", "parent", runA.digest().toString()));
            CacheKey runB = CacheKey.of(Map.of("instruction", "RUN make b", "parent", env.digest().toString()));
            cacheA.store(runA, layerResult(first), null);
            cacheA.store(env, Json.object().put("emptyLayer", true), null);
            cacheA.store(runB, layerResult(second), null);
            Digest unknownKey = Digest.ofBytes(new byte[] {42});

            PushResult exported = new RegistryCache(storeA, options).export(cacheA, List.of(runA.digest(), env.digest(), runB.digest(), unknownKey), ref);
            assertEquals(3, exported.uploaded(), "the entries blob and two layers");
            String raw = Command.ok("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref);
            assertTrue(raw.contains(RegistryCache.CONFIG_TYPE) && raw.contains(first.digest().toString()), raw);

            BlobStore storeB = BlobStore.open(tmp.resolve("b"));
            StepCache cacheB = new StepCache(storeB);
            RegistryCache remote = new RegistryCache(storeB, options);
            RegistryCache.Imported imported = remote.importFrom(cacheB, ref);

            assertEquals(new RegistryCache.Imported(3, List.of(first.digest(), second.digest())), imported);
            assertEquals(reparsed(layerResult(first)), cacheB.lookup(runA).orElseThrow());
            assertEquals(reparsed(layerResult(second)), cacheB.lookup(runB).orElseThrow());
            assertTrue(cacheB.lookup(env).isPresent());
            assertFalse(storeB.has(first.digest()) || storeB.has(second.digest()), "importing downloads no layer");

            remote.fetchMissing(List.of(second.digest()));
            assertTrue(storeB.has(second.digest()));
            assertFalse(storeB.has(first.digest()), "only the blobs asked for");

            PushResult again = new RegistryCache(storeA, options).export(cacheA, List.of(runA.digest(), env.digest(), runB.digest()), ref);
            assertEquals(0, again.uploaded() + again.mounted(), "an unchanged cache uploads nothing");
            assertEquals(exported.digest(), again.digest(), "the export is deterministic");
        }
    }

    @Test
    void importingACacheThatDoesNotExistYetImportsNothing(@TempDir Path tmp) throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            BlobStore store = BlobStore.open(tmp.resolve("store"));
            RegistryCache.Imported imported = new RegistryCache(store, RegistryPullerTest.options(tmp))
                    .importFrom(new StepCache(store), ImageReference.parse(registry.host() + "/never/pushed:cache"));
            assertEquals(new RegistryCache.Imported(0, List.of()), imported);
        }
    }
}
