package dev.strata.builder.rootfs;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens a layer blob as its uncompressed tar stream, whatever the blob's compression (gzip, zstd or none). */
final class LayerStreams {
    private static final int BUFFER = 1 << 16;

    private LayerStreams() {}

    static InputStream open(Path blob) throws IOException {
        return open(blob, ExtractionProgress.NONE);
    }

    /** As {@link #open(Path)}, reporting how much of the blob (its compressed bytes) has been read. */
    static InputStream open(Path blob, ExtractionProgress progress) throws IOException {
        InputStream file = Files.newInputStream(blob);
        if (progress != ExtractionProgress.NONE) {
            file = new ProgressInputStream(file, Files.size(blob), progress, System::nanoTime);
        }
        InputStream raw = new BufferedInputStream(file, BUFFER);
        try {
            return decompress(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Sniffs the magic bytes of {@code in} (which must support mark/reset) and unwraps it. */
    static InputStream decompress(InputStream in) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            return new BufferedInputStream(new ZstdInputStream(in), BUFFER);
        }
        return in;
    }
}
