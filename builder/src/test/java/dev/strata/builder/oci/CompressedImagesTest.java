package dev.strata.builder.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.layer.Compression;
import dev.strata.builder.layer.LayerCompressor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An image stored with tar layers leaves the store as the image built compressed would be, byte for byte. */
class CompressedImagesTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"GZIP,OCI", "ZSTD,OCI", "GZIP,DOCKER"})
    void compressingAStoredImageGivesTheManifestOfBuildingItCompressed(Compression compression, ManifestFormat format) throws Exception {
        BlobStore direct = BlobStore.open(tmp.resolve("direct"));
        StoredImage expected = ImageAssemblerTest.sample(direct, compression, format);
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        StoredImage tar = ImageAssemblerTest.sample(store, Compression.NONE, format);

        StoredImage shipped = CompressedImages.of(store, tar, new LayerCompressor(store, compression));

        assertEquals(expected, shipped);
        assertArrayEquals(direct.readAllBytes(expected.manifest().digest()), store.readAllBytes(shipped.manifest().digest()));
        assertEquals(tar.configDigest(), shipped.configDigest());
        assertSame(shipped, CompressedImages.of(store, shipped, new LayerCompressor(store, Compression.ZSTD)),
                "compressed layers are kept as they are");
    }

    @Test
    void anIndexLeavesWithEachPlatformCompressedAndItsAttestationsPointingAtThem() throws Exception {
        BlobStore direct = BlobStore.open(tmp.resolve("direct"));
        StoredImage gzipImage = ImageAssemblerTest.sample(direct, Compression.GZIP, ManifestFormat.OCI);
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        StoredImage tarImage = ImageAssemblerTest.sample(store, Compression.NONE, ManifestFormat.OCI);
        Descriptor attestation = attestation(store, tarImage);
        StoredImage expected = new IndexAssembler(direct).assemble(new IndexAssembler.Entries().image(gzipImage)
                .add(attestation(direct, gzipImage)), ManifestFormat.OCI, null);
        StoredImage tarIndex = new IndexAssembler(store).assemble(new IndexAssembler.Entries().image(tarImage).add(attestation),
                ManifestFormat.OCI, null);

        StoredImage shipped = CompressedImages.of(store, tarIndex, new LayerCompressor(store, Compression.GZIP));

        assertEquals(expected, shipped, "the index digest is the ID of a multi-platform image");
        assertArrayEquals(direct.readAllBytes(expected.manifest().digest()), store.readAllBytes(shipped.manifest().digest()));
    }

    /** An attestation manifest whose one in-toto statement names {@code image}'s manifest, as BuildKit's do. */
    private static Descriptor attestation(BlobStore store, StoredImage image) throws java.io.IOException {
        String statement = "{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"predicateType\":\"https://spdx.dev/Document\","
                + "\"subject\":[{\"name\":\"pkg:docker/app@1\",\"digest\":{\"sha256\":\"" + image.manifest().digest().hex() + "\"}}],"
                + "\"predicate\":{}}";
        Descriptor layer = Descriptor.of("application/vnd.in-toto+json", store.put(statement.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Descriptor config = Descriptor.of("application/vnd.oci.image.config.v1+json", store.put("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Manifest manifest = Manifest.of(MediaTypes.OCI_MANIFEST, config, java.util.List.of(layer), null);
        return Descriptor.of(MediaTypes.OCI_MANIFEST, store.put(OciJson.write(manifest)))
                .withAnnotation("vnd.docker.reference.type", "attestation-manifest")
                .withAnnotation("vnd.docker.reference.digest", image.manifest().digest().toString());
    }

    @Test
    void aDockerManifestCannotNameZstdLayers() throws Exception {
        BlobStore store = BlobStore.open(tmp.resolve("store"));
        StoredImage tar = ImageAssemblerTest.sample(store, Compression.NONE, ManifestFormat.DOCKER);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompressedImages.of(store, tar, new LayerCompressor(store, Compression.ZSTD)));
        assertEquals(true, e.getMessage().contains("zstd-compressed, which a Docker v2s2 manifest cannot describe"), e.getMessage());
    }
}
