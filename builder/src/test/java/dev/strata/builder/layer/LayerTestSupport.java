package dev.strata.builder.layer;

import dev.strata.builder.blob.BlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import com.github.luben.zstd.ZstdInputStream;

/** Reads layers back for assertions. */
final class LayerTestSupport {
    private LayerTestSupport() {}

    static byte[] uncompressed(BlobStore store, Layer layer) throws IOException {
        try (InputStream raw = store.open(layer.digest()); InputStream in = decompress(raw, layer.compression())) {
            return in.readAllBytes();
        }
    }

    static InputStream decompress(InputStream raw, Compression compression) throws IOException {
        return switch (compression) {
            case GZIP -> new GzipCompressorInputStream(raw);
            case ZSTD -> new ZstdInputStream(raw);
            case NONE -> raw;
        };
    }

    record Read(TarArchiveEntry entry, byte[] content) {}

    static List<Read> entries(byte[] tar) throws IOException {
        List<Read> result = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new java.io.ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                in.transferTo(content);
                result.add(new Read(entry, content.toByteArray()));
            }
        }
        return result;
    }
}
