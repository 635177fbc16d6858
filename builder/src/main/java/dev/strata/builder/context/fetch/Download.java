package dev.strata.builder.context.fetch;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A downloaded URL.
 *
 * @param file where the body was saved
 * @param fileName the name it gets in the image: the last segment of the URL path, or
 *     {@code __unnamed__} as in BuildKit
 * @param digest {@code sha256:<hex>} of the body
 * @param lastModified the {@code Last-Modified} header, used as the file's mtime
 */
public record Download(Path file, String fileName, String digest, Optional<Instant> lastModified) {
}
