package dev.strata.builder.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import com.google.cloud.tools.jib.http.ResponseException;
import com.google.cloud.tools.jib.registry.RegistryClient;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.blob.CorruptBlobException;
import dev.strata.builder.blob.BlobWriter;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.net.ShutdownGuard;
import dev.strata.builder.net.Stall;
import dev.strata.builder.net.TransferWatch;
import dev.strata.builder.registry.TransferListener.Direction;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One conversation with one repository of one registry, through jib-core: authentication (basic
 * or bearer, negotiated once), manifests as exact bytes, verified blob downloads into the store,
 * existence checks, blob uploads with cross-repository mounts, manifest uploads. Thread-safe
 * after {@link #open}: blob transfers may run in parallel.
 */
final class RegistrySession implements Closeable {
    /** Manifests, indexes and image configs are read into memory: at most 4 MiB, as containerd. */
    static final int DOCUMENT_LIMIT = 4 << 20;
    /** No real blob is a terabyte: a larger declared size is a lie (or an attack on the disk). */
    static final long BLOB_LIMIT = 1L << 40;
    private static final int HTTP_TIMEOUT_MILLIS = 20_000;
    private static final String USER_AGENT = "strata";
    /**
     * A blob goes out in writes of this size: jib sends chunked, and the HTTP client turns each
     * write into one chunk (header and data, two system calls), so 8 KiB writes cost 50,000
     * calls per 200 MB and as many wake-ups of the registry.
     */
    private static final int UPLOAD_BUFFER = 1 << 20;

    private final String registry;
    private final String repository;
    private final boolean push;
    private final FailoverHttpClient http;
    private final WarmKey warmKey;
    private final RegistryClient client;
    private final Attempts attempts;
    private final TransferListener listener;
    private final Stall stall;
    private final boolean hasCredential;
    private boolean authenticated;

    private RegistrySession(String registry, String repository, boolean push, RegistryOptions options,
            Optional<Credentials.Found> found) {
        this.registry = registry;
        this.repository = repository;
        this.push = push;
        Optional<Credential> credential = found.map(Credentials.Found::credential);
        boolean insecure = HostPolicy.allowsInsecure(registry, options.insecureRegistries());
        // over plain HTTP anyone on the way reads them: only to this machine, or when the user allowed it
        boolean credentialsOverHttp = HostPolicy.isLoopback(HostPolicy.stripPort(registry.toLowerCase(java.util.Locale.ROOT)))
                || options.credentialsOverHttp();
        this.warmKey = new WarmKey(apiHost(registry), insecure, insecure && credentialsOverHttp);
        FailoverHttpClient warm = WARM.remove(warmKey);
        this.http = warm != null ? warm : JibAccess.httpClient(insecure, insecure && credentialsOverHttp);
        this.client = RegistryClient.factory(EventHandlers.NONE, apiHost(registry), repository, http)
                .setCredential(credential.orElse(null))
                .setUserAgent(USER_AGENT)
                .newRegistryClient();
        this.hasCredential = credential.isPresent();
        found.ifPresent(f -> options.credentials().chosen(registry, f.source()));
        String source = found.map(f -> "from " + f.source())
                .orElse("in " + options.dockerConfigDir().resolve("config.json"));
        String hint = credential.isPresent()
                ? " (check the credentials for " + registry + " " + source + ")"
                : " (no credentials for " + registry + " " + source + ")";
        this.attempts = new Attempts(options.retry(), hint);
        this.listener = options.listener();
        this.stall = options.retry().stall();
    }

    /** Opens a session for pulling from, or pushing to, {@code registry/repository}. */
    static RegistrySession open(String registry, String repository, boolean push, RegistryOptions options) throws RegistryException {
        return new RegistrySession(registry, repository, push, options, Credentials.lookup(registry, options));
    }

    /**
     * One anonymous, read-only conversation with {@code registry} for {@link RegistryPusher#warmUp}:
     * the {@code /v2/} probe (HTTPS first, as every session), and an anonymous pull token where the
     * registry hands them out. No credentials are read, nothing is retried.
     */
    static void probe(String registry, String repository, RegistryOptions options)
            throws IOException, com.google.cloud.tools.jib.api.RegistryException {
        RegistrySession session = new RegistrySession(registry, repository, false, options, Optional.empty());
        try {
            session.client.doPullBearerAuth();
        } catch (IOException | com.google.cloud.tools.jib.api.RegistryException | RuntimeException e) {
            session.close();
            throw e;
        }
        FailoverHttpClient replaced = WARM.put(session.warmKey, session.http);
        if (replaced != null) {
            replaced.shutDown();
        }
    }

    /** Which sessions may take over a warm-up's HTTP client: the same host, spoken to the same way. */
    private record WarmKey(String host, boolean insecure, boolean credentialsOverHttp) {
    }

    /**
     * The HTTP client of the last warm-up probe of each registry, handed to the next session that
     * talks to it (then no longer here: one owner at a time). jib remembers per client that a
     * registry answers plain HTTP, so a fresh client tries HTTPS twice (verified, then unverified)
     * before each session's first request: two failed TLS handshakes, ~75 ms, on the push's way.
     * The probe's client also keeps its connections open.
     */
    private static final Map<WarmKey, FailoverHttpClient> WARM = new ConcurrentHashMap<>();

    static String apiHost(String registry) {
        return ImageReference.DOCKER_HUB.equals(registry) ? "registry-1.docker.io" : registry;
    }

    String name() {
        return registry + "/" + repository;
    }

    String repository() {
        return repository;
    }

    private synchronized void authenticate() throws RegistryException {
        if (authenticated) {
            return;
        }
        attempts.run((push ? "pushing to " : "pulling from ") + name(), () -> {
            boolean bearer = push ? client.doPushBearerAuth() : client.doPullBearerAuth();
            if (!bearer && hasCredential) {
                client.configureBasicAuth();
            }
            return null;
        });
        authenticated = true;
    }

    /** Fetches the manifest or index {@code qualifier} (tag or digest) as exact bytes. */
    RawManifest manifest(String qualifier) throws RegistryException {
        authenticate();
        String what = "pulling " + name() + (qualifier.contains(":") ? "@" : ":") + qualifier;
        return attempts.run(what, () -> {
            try {
                return fetchManifest(qualifier);
            } catch (ResponseException e) {
                if (e.getStatusCode() != 401) {
                    throw e;
                }
                synchronized (this) {
                    authenticated = false; // the bearer token expired: negotiate again, once
                }
                authenticate();
                return fetchManifest(qualifier);
            }
        });
    }

    /** Like {@link #manifest}, but empty when the registry says the manifest (or repository) is unknown. */
    Optional<RawManifest> manifestIfExists(String qualifier) throws RegistryException {
        authenticate();
        String what = "pulling " + name() + (qualifier.contains(":") ? "@" : ":") + qualifier;
        return Optional.ofNullable(attempts.run(what, () -> {
            try {
                return fetchManifest(qualifier);
            } catch (ResponseException e) {
                if (e.getStatusCode() == 404) {
                    return null;
                }
                throw e;
            }
        }));
    }

    private RawManifest fetchManifest(String qualifier) throws IOException {
        URL url = new URL("https://" + apiHost(registry) + "/v2/" + repository + "/manifests/" + qualifier);
        Request request = Request.builder()
                .setAuthorization(JibAccess.authorization(client))
                .setAccept(Documents.ACCEPTED)
                .setUserAgent(USER_AGENT)
                .setHttpTimeout(HTTP_TIMEOUT_MILLIS)
                .build();
        TransferWatch watch = new TransferWatch(DOCUMENT_LIMIT, "the 4 MiB limit for manifests", stall, this::abortTransfers);
        try (Response response = http.get(url, request); InputStream body = watch.watch(response.getBody())) {
            byte[] bytes = body.readAllBytes();
            List<String> contentType = response.getHeader("Content-Type");
            String mediaType = Documents.mediaType(bytes, contentType.isEmpty() ? null : contentType.get(0), name() + ":" + qualifier);
            return new RawManifest(bytes, Digest.ofBytes(bytes), mediaType);
        }
    }

    /** The size of {@code digest} in this repository, or empty when the registry lacks it here. */
    Optional<Long> blobSize(Digest digest) throws RegistryException {
        authenticate();
        return attempts.run("checking " + Failures.shortDigest(digest) + " in " + name(),
                () -> client.checkBlob(jib(digest)).map(found -> found.getSize()));
    }

    /**
     * Downloads {@code digest} into {@code store}, verifying it while streaming; never stores a
     * mismatch. {@code size} is the size its descriptor declares (-1 when unknown): the download
     * stops at byte {@code size + 1}, and a blob of another size is refused.
     */
    void pullBlob(Digest digest, long size, BlobStore store) throws RegistryException {
        if (size > BLOB_LIMIT) {
            throw new RegistryException("pulling " + digest + " from " + name() + ": the descriptor declares " + size
                    + " bytes, more than any real blob (refusing it)");
        }
        authenticate();
        String what = "pulling " + Failures.shortDigest(digest) + " from " + name();
        attempts.run(what, () -> {
            AtomicLong done = new AtomicLong();
            AtomicLong total = new AtomicLong(size);
            TransferWatch watch = size >= 0 ? new TransferWatch(size, "the declared size", stall, this::abortTransfers)
                    : new TransferWatch(BLOB_LIMIT, "the 1 TiB limit for blobs", stall, this::abortTransfers);
            try (BlobWriter writer = store.writer();
                    ShutdownGuard guard = ShutdownGuard.of("blob", () -> closeQuietly(writer))) {
                client.pullBlob(jib(digest), announced -> total.compareAndSet(-1, announced),
                        bytes -> listener.progress(Direction.PULL, digest, done.addAndGet(bytes), total.get()))
                        .writeTo(watch.watch(writer));
                if (size >= 0 && watch.count() != size) {
                    throw new RegistryException(what + ": the registry sent " + watch.count() + " bytes, the descriptor declares "
                            + size);
                }
                writer.commit(digest);
            }
            listener.progress(Direction.PULL, digest, done.get(), done.get());
            return null;
        });
    }

    /**
     * Uploads the blob {@code digest} from {@code store}, or mounts it from {@code mountFrom} (a repository of the
     * same registry, or null). Returns true when the registry mounted it instead.
     */
    boolean pushBlob(Digest digest, long size, BlobStore store, String mountFrom) throws RegistryException {
        authenticate();
        String what = "pushing " + Failures.shortDigest(digest) + " to " + name();
        boolean mounted;
        try {
            mounted = attempts.run(what, () -> {
                AtomicLong done = new AtomicLong();
                return client.pushBlob(jib(digest), new StoredBlob(store.path(digest), size, jib(digest)), mountFrom,
                        bytes -> listener.progress(Direction.PUSH, digest, done.addAndGet(bytes), size));
            });
        } catch (RegistryException refused) {
            // a damaged blob in the store says so, naming itself, rather than as the registry's "digest invalid"
            try {
                store.verify(digest);
            } catch (CorruptBlobException damaged) {
                throw new RegistryException(what + ": " + damaged.getMessage(), damaged);
            } catch (IOException unreadable) {
                refused.addSuppressed(unreadable);
            }
            throw refused;
        }
        listener.progress(Direction.PUSH, digest, size, size);
        return mounted;
    }

    /**
     * A stored blob as jib uploads it: its bytes in {@link #UPLOAD_BUFFER} writes, not hashed on
     * the way (jib's own blobs hash what they write, and the store's reader checks the digest;
     * both would be passes over a layer that was hashed while it was written). The registry hashes
     * what it receives and refuses the upload unless it matches the digest the commit names.
     */
    private record StoredBlob(Path file, long size, DescriptorDigest digest) implements com.google.cloud.tools.jib.blob.Blob {
        @Override
        public com.google.cloud.tools.jib.blob.BlobDescriptor writeTo(java.io.OutputStream out) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[UPLOAD_BUFFER];
                for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                    out.write(buffer, 0, n);
                }
            }
            return new com.google.cloud.tools.jib.blob.BlobDescriptor(size, digest);
        }

        @Override
        public boolean isRetryable() {
            return true;
        }
    }

    /** Puts {@code bytes} as the manifest {@code tagOrDigest}; returns the digest the registry confirmed. */
    Digest pushManifest(byte[] bytes, String mediaType, String tagOrDigest) throws RegistryException {
        authenticate();
        Digest expected = Digest.ofBytes(bytes);
        DescriptorDigest pushed = attempts.run("pushing manifest " + Failures.shortDigest(expected) + " to " + name() + ":" + tagOrDigest,
                () -> client.pushManifest(new RawManifestTemplate(bytes, mediaType), tagOrDigest));
        Digest actual = Digest.parse(pushed.toString());
        if (!actual.equals(expected)) {
            throw new RegistryException("pushing manifest to " + name() + ":" + tagOrDigest + ": registry computed " + actual
                    + " for manifest " + expected);
        }
        return actual;
    }

    /**
     * Breaks this session's connections: jib closes a response by reading it to its end, which for
     * an endless or trickling body never comes. Transfers under way fail; later ones open new
     * connections. The session stays usable.
     */
    private void abortTransfers() {
        try {
            http.shutDown();
        } catch (IOException e) {
            // the connections are being dropped anyway
        }
    }

    /** At JVM shutdown: an uncommitted writer deletes its temp file when closed. */
    private static void closeQuietly(BlobWriter writer) {
        try {
            writer.close();
        } catch (IOException e) {
            // shutting down: nothing left to tell
        }
    }

    private static DescriptorDigest jib(Digest digest) throws RegistryException {
        try {
            return DescriptorDigest.fromDigest(digest.toString());
        } catch (DigestException e) {
            throw new RegistryException("digest " + digest + " is not supported by the registry client");
        }
    }

    @Override
    public void close() throws IOException {
        http.shutDown();
    }
}
