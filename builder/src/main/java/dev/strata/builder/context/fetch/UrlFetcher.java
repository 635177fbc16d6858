package dev.strata.builder.context.fetch;

import dev.strata.builder.hash.Digest;
import dev.strata.builder.net.ShutdownGuard;
import dev.strata.builder.net.Stall;
import dev.strata.builder.net.TransferLimitException;
import dev.strata.builder.net.TransferStalledException;
import dev.strata.builder.net.TransferWatch;
import dev.strata.builder.text.OutsideText;
import dev.strata.builder.text.Urls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Downloads ADD's http(s) sources as BuildKit's HTTP source does: redirects followed (at most
 * {@value #MAX_REDIRECTS}, as Go's client), user information in the URL sent as basic auth (to
 * the URL's own host only), a transfer that stalls given up (see {@link Stall}). The body goes to a
 * temp file that is renamed once complete and deleted on any failure, also when the JVM is stopped
 * (Ctrl-C) during the download. Errors are one line naming the URL with its credentials redacted.
 */
public final class UrlFetcher {
    static final int MAX_REDIRECTS = 10;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** What the JDK's HTTP client (JDK 25) throws when a body ends before its Content-Length. */
    private static final String PREMATURE_EOF = "Premature EOF";

    private final Stall stall;

    /** With the default stall timeout ({@link Stall#defaults()}). */
    public UrlFetcher() {
        this(Stall.defaults());
    }

    public UrlFetcher(Stall stall) {
        this.stall = stall;
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
     * @throws IOException with a one-line message naming the URL (credentials redacted)
     */
    public Download fetch(String url, Path dir) throws IOException {
        return fetch(url, dir, TransferWatch.UNLIMITED);
    }

    /**
     * Downloads {@code url} into {@code dir}, failing once more than {@code maxBytes} arrive
     * ({@link TransferWatch#UNLIMITED} for no limit).
     *
     * @throws IOException with a one-line message naming the URL (credentials redacted)
     */
    public Download fetch(String url, Path dir, long maxBytes) throws IOException {
        String shown = OutsideText.oneLine(Urls.redact(url));
        URL current = parse(url, shown);
        String authorization = basicAuth(url);
        String authHost = current.getHost();
        HttpURLConnection connection = null;
        try {
            for (int redirects = 0; ; redirects++) {
                connection = open(current, authHost.equalsIgnoreCase(current.getHost()) ? authorization : null);
                int status = status(connection, shown);
                if (!isRedirect(status)) {
                    break;
                }
                String location = connection.getHeaderField("Location");
                connection.disconnect();
                if (location == null || location.isBlank()) {
                    throw failure(shown, "HTTP " + status + " redirect without a Location header");
                }
                if (redirects + 1 >= MAX_REDIRECTS) {
                    throw failure(shown, "stopped after " + MAX_REDIRECTS + " redirects (the server redirects in a loop;"
                            + " use the final URL)");
                }
                current = redirectTarget(current, location, shown);
            }
            int status = connection.getResponseCode();
            if (status / 100 != 2) {
                String reason = OutsideText.oneLine(connection.getResponseMessage(), 100);
                throw failure(shown, "HTTP " + status + (reason == null || reason.isEmpty() ? "" : " " + reason));
            }
            Files.createDirectories(dir);
            MessageDigest md = Digest.newSha256();
            Path file = receive(connection, dir, shown, md, maxBytes);
            Optional<Instant> lastModified = Optional.ofNullable(connection.getHeaderField("Last-Modified")).flatMap(UrlFetcher::httpDate);
            return new Download(file, fileName(url), Digest.fromMessageDigest(md.digest()).toString(), lastModified);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private HttpURLConnection open(URL url, String authorization) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        c.setReadTimeout(stall.windowMillis());
        c.setUseCaches(false);
        c.setRequestProperty("User-Agent", "strata");
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        return c;
    }

    private int status(HttpURLConnection c, String shown) throws IOException {
        try {
            return c.getResponseCode();
        } catch (ConnectException e) {
            throw failure(shown, "connection refused by " + hostPort(c.getURL()) + " (is the server running and the port right?)", e);
        } catch (NoRouteToHostException e) {
            throw failure(shown, "no route to " + hostPort(c.getURL()) + " (check the network)", e);
        } catch (UnknownHostException e) {
            throw failure(shown, "unknown host " + OutsideText.oneLine(c.getURL().getHost()) + " (check the URL and DNS)", e);
        } catch (SocketTimeoutException e) {
            throw failure(shown, "no answer from " + hostPort(c.getURL()) + " within " + stall.describe()
                    + " (try again later)", e);
        } catch (SSLException e) {
            throw failure(shown, "TLS failed with " + hostPort(c.getURL()) + ": " + describe(e), e);
        } catch (IOException e) {
            throw failure(shown, describe(e), e);
        }
    }

    /** Streams the body into a temp file, then renames it; nothing is left when anything fails. */
    private Path receive(HttpURLConnection c, Path dir, String shown, MessageDigest md, long maxBytes) throws IOException {
        long declared = c.getContentLengthLong();
        Path partial = Files.createTempFile(dir, ".download-", ".partial");
        boolean done = false;
        try (ShutdownGuard guard = ShutdownGuard.of("download", () -> deleteQuietly(partial))) {
            TransferWatch watch = new TransferWatch(maxBytes, "the size limit", stall);
            try (InputStream in = watch.watch(c.getInputStream()); OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), md)) {
                in.transferTo(out);
            } catch (SocketTimeoutException e) {
                throw failure(shown, watch.stalled().getMessage() + "; the server stopped sending (try again, or raise -D"
                        + Stall.PROPERTY + "=SECONDS)", e);
            } catch (TransferStalledException e) {
                throw failure(shown, e.getMessage() + "; the server sends too slowly (try again, or raise -D" + Stall.PROPERTY
                        + "=SECONDS)", e);
            } catch (TransferLimitException e) {
                throw failure(shown, e.getMessage(), e);
            } catch (IOException e) {
                // (a body cut short: JDK 25's HTTP client throws where JDK 17's ends the stream, and the
                // length check below says so either way)
                if (!(declared >= 0 && watch.count() < declared && PREMATURE_EOF.equals(e.getMessage()))) {
                    throw failure(shown, "the connection broke after " + watch.count() + " bytes" + of(declared) + ": "
                            + describe(e) + " (try again)", e);
                }
            }
            if (declared >= 0 && watch.count() != declared) {
                throw failure(shown, "the connection closed after " + watch.count() + of(declared) + " bytes (try again)");
            }
            Path complete = Files.createTempFile(dir, "download-", ".bin");
            Files.move(partial, complete, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return complete;
        } finally {
            if (!done) {
                deleteQuietly(partial);
            }
        }
    }

    private static String of(long declared) {
        return declared >= 0 ? " of " + declared : "";
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URL redirectTarget(URL from, String location, String shown) throws IOException {
        try {
            URI target = from.toURI().resolve(new URI(location.strip()));
            String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw failure(shown, "redirected to a " + (scheme.isEmpty() ? "relative" : OutsideText.oneLine(scheme, 20))
                        + " URL, which cannot be downloaded");
            }
            return target.toURL();
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            throw failure(shown, "redirected to an invalid URL " + OutsideText.oneLine(Urls.redact(location), 200), e);
        }
    }

    private static URL parse(String url, String shown) throws IOException {
        try {
            URI uri = new URI(Urls.withoutUserInfo(url));
            if (uri.getHost() == null) {
                throw new IOException("invalid URL " + shown + ": no host");
            }
            return uri.toURL();
        } catch (URISyntaxException e) {
            throw new IOException("invalid URL " + shown + ": " + OutsideText.oneLine(e.getReason()), e);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IOException("invalid URL " + shown, e);
        }
    }

    /** {@code Basic ...} from {@code user:password@} in the URL, as Go's HTTP client sends it; or null. */
    private static String basicAuth(String url) {
        String userInfo = Urls.userInfoOf(url);
        if (userInfo == null) {
            return null;
        }
        String decoded = URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
        String pair = decoded.contains(":") ? decoded : decoded + ":";
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String hostPort(URL url) {
        int port = url.getPort() < 0 ? url.getDefaultPort() : url.getPort();
        return OutsideText.oneLine(url.getHost()) + ":" + port;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : OutsideText.oneLine(Urls.redactAll(message), 200);
    }

    private static IOException failure(String shown, String what) {
        return new IOException("cannot download " + shown + ": " + what);
    }

    private static IOException failure(String shown, String what, Throwable cause) {
        return new IOException("cannot download " + shown + ": " + what, cause);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort: the caller's scratch directory is removed after the build
        }
    }

    private static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
