package dev.strata.builder.layer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Where a regular file's bytes come from. The size is fixed when the content is described; if
 * the file changes size before it is written, the layer write fails rather than produce a tar
 * whose header lies.
 */
public sealed interface Content {
    /** Number of bytes. */
    long size();

    /** Opens the bytes for reading. */
    InputStream open() throws IOException;

    /** A file on disk; its current size is recorded now. Symlinks are not followed. */
    static Content ofFile(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new IOException(path + ": not a regular file");
        }
        return new FileContent(path, attributes.size());
    }

    /** Bytes held in memory (heredocs, generated files). */
    static Content ofBytes(byte[] bytes) {
        return new BytesContent(bytes);
    }

    /** Content read from {@code path}, which must then be {@code size} bytes long. */
    record FileContent(Path path, long size) implements Content {
        public FileContent {
            Objects.requireNonNull(path, "path");
            if (size < 0) {
                throw new IllegalArgumentException("negative size");
            }
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** In-memory content. */
    record BytesContent(byte[] bytes) implements Content {
        public BytesContent {
            bytes = bytes.clone();
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }
}
