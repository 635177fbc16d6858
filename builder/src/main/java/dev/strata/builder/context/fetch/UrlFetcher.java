package dev.strata.builder.context.fetch;

import dev.strata.builder.context.digest.FileDigester;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** Downloads ADD's http(s) sources, following redirects; errors are one line naming the URL. */
public final class UrlFetcher {

    private final HttpClient client;

    public UrlFetcher() {
        this(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build());
    }

    public UrlFetcher(HttpClient client) {
        this.client = client;
    }

    /** Whether the word is an http(s) URL. */
    public static boolean isUrl(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        return s.startsWith("http://") || s.startsWith("https://");
    }

    /** Whether the word names a git repository, as BuildKit would take it. */
    public static boolean isGit(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        if (s.startsWith("git@") || s.startsWith("git://") || s.startsWith("ssh://")) {
            return true;
        }
        if (!isUrl(s)) {
            return false;
        }
        String noFragment = s.contains("#") ? s.substring(0, s.indexOf('#')) : s;
        return noFragment.endsWith(".git") || s.contains(".git#");
    }

    /** The name BuildKit gives the file: {@code path.Base} of the URL path. */
    public static String fileName(String url) {
        try {
            String path = new URI(url).getPath();
            if (path != null) {
                String trimmed = path.replaceAll("/+$", "");
                String base = trimmed.substring(trimmed.lastIndexOf('/') + 1);
                if (!base.isEmpty() && !base.equals(".")) {
                    return base;
                }
            }
        } catch (URISyntaxException e) {
            return "__unnamed__";
        }
        return "__unnamed__";
    }

    /**
     * Downloads {@code url} into {@code dir}.
     *
     * @throws IOException with a one-line message naming the URL
     */
    public Download fetch(String url, Path dir) throws IOException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IOException("invalid URL " + url + ": " + e.getReason(), e);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofMinutes(10)).build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download of " + url + " interrupted", e);
        } catch (IOException e) {
            throw new IOException("cannot download " + url + ": " + e.getMessage(), e);
        }
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "download", ".bin");
        MessageDigest md = FileDigester.newSha256();
        try (InputStream in = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw new IOException("cannot download " + url + ": HTTP " + response.statusCode());
            }
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), md)) {
                in.transferTo(out);
            }
        }
        Optional<Instant> lastModified = response.headers().firstValue("Last-Modified").flatMap(UrlFetcher::httpDate);
        return new Download(file, fileName(url), "sha256:" + HexFormat.of().formatHex(md.digest()), lastModified);
    }

    private static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
