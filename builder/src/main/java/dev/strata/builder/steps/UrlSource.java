package dev.strata.builder.steps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;

/** ADD's URL sources: downloaded into the store's temp space, hashed while streaming, checksum verified. */
final class UrlSource {
    private UrlSource() {}

    /** A downloaded file. */
    record Download(Path file, long size, String digest, String fileName, Optional<Instant> lastModified) {}

    static Download fetch(String url, Optional<String> checksum, StepServices services) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new StepException("invalid URL " + url);
        }
        checksum.ifPresent(c -> {
            if (!c.matches("sha256:[0-9a-f]{64}")) {
                throw new StepException("invalid checksum \"" + c + "\" (expected sha256:<64 hex digits>)");
            }
        });
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    throw new StepException("failed to download " + url + ": HTTP " + response.statusCode());
                }
                Path file = Files.createTempFile(services.tempDir(), "add-", ".download");
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                long size = 0;
                try (OutputStream out = Files.newOutputStream(file)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        md.update(buf, 0, n);
                        out.write(buf, 0, n);
                        size += n;
                    }
                }
                String digest = "sha256:" + HexFormat.of().formatHex(md.digest());
                if (checksum.isPresent() && !checksum.get().equals(digest)) {
                    Files.deleteIfExists(file);
                    throw new StepException("checksum mismatch for " + url + ": expected " + checksum.get()
                            + ", got " + digest);
                }
                Optional<Instant> modified = response.headers().firstValue("Last-Modified").flatMap(UrlSource::httpDate);
                return new Download(file, size, digest, fileName(uri), modified);
            }
        } catch (IOException e) {
            throw new StepException("failed to download " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepException("interrupted while downloading " + url, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last path segment, or {@code __unnamed__} as in BuildKit. */
    static String fileName(URI uri) {
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return "__unnamed__";
        }
        String base = path.substring(path.lastIndexOf('/') + 1);
        return base.isEmpty() || base.equals(".") ? "__unnamed__" : base;
    }

    private static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
