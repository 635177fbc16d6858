package dev.strata.builder.api;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.context.remote.FetchLimits;
import dev.strata.builder.context.remote.RemoteContexts;
import dev.strata.builder.store.StoreLease;
import dev.strata.builder.text.OutsideText;
import dev.strata.builder.text.Urls;
import dev.strata.dockerfile.DockerfileException;
import dev.strata.dockerfile.Dockerfiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A build request whose remote contexts (a git repository, a URL, standard input; also named
 * contexts) have been made into local directories, in a temporary directory of the store held
 * by a lease: {@link #close()} removes it, and a killed build's is removed by the next build or
 * prune. A request without remote contexts is passed through as it is. Front ends that look at
 * the context before building (the build checks) prepare first and build {@link #request()}.
 */
public final class PreparedBuild implements AutoCloseable {
    private final BuildRequest request;
    private final StoreLease lease;

    private PreparedBuild(BuildRequest request, StoreLease lease) {
        this.request = request;
        this.lease = lease;
    }

    /** Whether the request names anything {@link #prepare} would fetch. */
    public static boolean needed(BuildRequest request) {
        return request.remoteContext().isPresent()
                || request.buildContexts().stream().anyMatch(c -> c.source() instanceof NamedContext.Remote);
    }

    /**
     * Fetches the request's remote contexts.
     *
     * @throws BuildException with a one-line message when a context cannot be fetched
     */
    public static PreparedBuild prepare(BuildRequest request) {
        if (!needed(request)) {
            return new PreparedBuild(request, null);
        }
        if (request.offline() && (request.remoteContext().filter(r -> !(r instanceof RemoteSource.Stdin)).isPresent()
                || request.buildContexts().stream().anyMatch(c -> c.source() instanceof NamedContext.Remote))) {
            throw new BuildException("offline: cannot fetch a git or http(s) build context (use a directory)");
        }
        StoreLease lease;
        try {
            BlobStore store = BlobStore.open(request.root());
            lease = StoreLease.acquire(store, StoreLease.Purpose.BUILD,
                    note -> request.listener().onEvent(new BuildEvent.Warning("", 0, note)));
        } catch (IOException e) {
            throw new BuildException("cannot open the store " + request.root() + ": " + e.getMessage(), e);
        }
        boolean done = false;
        try {
            PreparedBuild prepared = new PreparedBuild(fetch(request, lease.tempDir()), lease);
            done = true;
            return prepared;
        } catch (IOException | UncheckedIOException e) {
            throw new BuildException(e.getMessage(), e);
        } finally {
            if (!done) {
                new PreparedBuild(request, lease).close();
            }
        }
    }

    private static BuildRequest fetch(BuildRequest request, Path temp) throws IOException {
        RemoteContexts remote = new RemoteContexts(FetchLimits.defaults());
        Path context = request.context();
        DockerfileSource dockerfile = request.dockerfile();
        if (request.remoteContext().isPresent()) {
            RemoteSource source = request.remoteContext().get();
            Path work = Files.createTempDirectory(temp, "context-");
            note(request, "build context: fetching " + describe(source));
            RemoteContexts.Local local;
            if (source instanceof RemoteSource.Git git) {
                local = remote.git(git.url(), work);
            } else if (source instanceof RemoteSource.Url url) {
                local = remote.url(url.url(), work);
            } else {
                local = remote.stream(((RemoteSource.Stdin) source).in(), work);
            }
            context = local.dir();
            if (local instanceof RemoteContexts.DockerfileOnly only && !(dockerfile instanceof DockerfileSource.FromText)) {
                try {
                    dockerfile = new DockerfileSource.FromText("Dockerfile", Dockerfiles.decode("Dockerfile", only.dockerfile()));
                } catch (DockerfileException e) {
                    throw new BuildException(e.getMessage(), e);
                }
            } else if (dockerfile instanceof DockerfileSource.FromFile file && !file.path().isAbsolute()) {
                dockerfile = new DockerfileSource.FromFile(context.resolve(file.path().toString()));
            }
        }
        List<NamedContext> named = new ArrayList<>();
        for (NamedContext c : request.buildContexts()) {
            if (c.source() instanceof NamedContext.Remote r) {
                Path work = Files.createTempDirectory(temp, "named-");
                note(request, "build context \"" + c.name() + "\": fetching " + describe(r.source()));
                Path dir;
                if (r.source() instanceof RemoteSource.Git git) {
                    dir = remote.git(git.url(), work).dir();
                } else if (r.source() instanceof RemoteSource.Url url) {
                    dir = remote.namedUrl(url.url(), work);
                } else {
                    throw new BuildException("build context \"" + c.name() + "\": standard input can only be the main build context");
                }
                named.add(new NamedContext(c.name(), new NamedContext.Directory(dir)));
            } else {
                named.add(c);
            }
        }
        return request.withContexts(context, dockerfile, Optional.empty(), named);
    }

    private static void note(BuildRequest request, String text) {
        request.listener().onEvent(new BuildEvent.LogLine(0, text));
    }

    private static String describe(RemoteSource source) {
        if (source instanceof RemoteSource.Git git) {
            return "git " + OutsideText.oneLine(Urls.redact(git.url()), 200);
        }
        if (source instanceof RemoteSource.Url url) {
            return OutsideText.oneLine(Urls.redact(url.url()), 200);
        }
        return "standard input";
    }

    /** The request with local directories for every remote context. */
    public BuildRequest request() {
        return request;
    }

    /** Removes the fetched contexts and releases the store. */
    @Override
    public void close() {
        if (lease != null) {
            try {
                lease.close();
            } catch (IOException e) {
                request.listener().onEvent(new BuildEvent.Warning("", 0, "cannot remove the fetched build context: " + e.getMessage()));
            }
        }
    }
}
