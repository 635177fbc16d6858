package dev.strata.builder.layer;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.Deflater;

/** How a layer tar is compressed, with its OCI and Docker media types. */
public enum Compression {
    /**
     * Deterministic gzip (no file name, mtime 0, OS byte 255), default level, compressed on all
     * cores; stretches of random or already compressed bytes are stored rather than searched.
     */
    GZIP("application/vnd.oci.image.layer.v1.tar+gzip", "application/vnd.docker.image.rootfs.diff.tar.gzip"),
    /** zstd level 3 through zstd-jni (no Docker v2s2 media type exists for it). */
    ZSTD("application/vnd.oci.image.layer.v1.tar+zstd", null),
    /** Plain tar. */
    NONE("application/vnd.oci.image.layer.v1.tar", "application/vnd.docker.image.rootfs.diff.tar");

    private final String mediaType;
    private final String dockerMediaType;

    Compression(String mediaType, String dockerMediaType) {
        this.mediaType = mediaType;
        this.dockerMediaType = dockerMediaType;
    }

    /** The OCI layer media type. */
    public String mediaType() {
        return mediaType;
    }

    /** The Docker v2 schema 2 layer media type, or null when Docker has none (zstd). */
    public String dockerMediaType() {
        return dockerMediaType;
    }

    /** {@code gzip}, {@code zstd} or {@code none}/{@code uncompressed}, as on the command line. */
    public static Compression parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "gzip" -> GZIP;
            case "zstd" -> ZSTD;
            case "none", "uncompressed" -> NONE;
            default -> throw new IllegalArgumentException("unknown compression \"" + name + "\" (expected gzip, zstd or uncompressed)");
        };
    }

    /** The compression of a layer with this OCI or Docker media type. */
    public static Compression ofMediaType(String mediaType) {
        for (Compression c : values()) {
            if (c.mediaType.equals(mediaType) || mediaType.equals(c.dockerMediaType)) {
                return c;
            }
        }
        if (mediaType.equals("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip")
                || mediaType.equals("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip")) {
            return GZIP;
        }
        throw new IllegalArgumentException("unsupported layer media type " + mediaType);
    }

    /** Wraps {@code out} at the default level (gzip 6, zstd 3); closing the result finishes the stream and closes {@code out}. */
    public OutputStream compress(OutputStream out) throws IOException {
        return compress(out, DEFAULT_LEVEL);
    }

    /** The level that means "this compression's default". */
    public static final int DEFAULT_LEVEL = -1;

    /**
     * Wraps {@code out} at {@code level} (gzip 1-9, zstd 1-19, {@link #DEFAULT_LEVEL} for the
     * default; ignored for NONE). Closing the result finishes the stream and closes {@code out}.
     */
    public OutputStream compress(OutputStream out, int level) throws IOException {
        checkLevel(level);
        return switch (this) {
            case GZIP -> new ParallelGzipOutputStream(out, level == DEFAULT_LEVEL ? Deflater.DEFAULT_COMPRESSION : level,
                    Math.max(1, Runtime.getRuntime().availableProcessors()));
            case ZSTD -> {
                ZstdOutputStream zstd = new ZstdOutputStream(out, level == DEFAULT_LEVEL ? 3 : level);
                zstd.setChecksum(false);
                yield zstd;
            }
            case NONE -> out;
        };
    }

    /** Throws {@link IllegalArgumentException} naming the valid range unless {@code level} suits this compression. */
    public void checkLevel(int level) {
        if (level == DEFAULT_LEVEL || this == NONE) {
            return;
        }
        int max = this == GZIP ? 9 : 19;
        if (level < 1 || level > max) {
            throw new IllegalArgumentException("compression level " + level + " is out of range for " + name().toLowerCase(Locale.ROOT)
                    + " (1-" + max + ")");
        }
    }
}
