package dev.strata.builder.context;

import dev.strata.builder.context.archive.ArchiveReader;
import dev.strata.builder.context.digest.FileDigester;
import dev.strata.builder.context.fetch.Download;
import dev.strata.builder.context.fetch.UrlFetcher;
import dev.strata.builder.context.pattern.PatternMatcher;
import dev.strata.builder.context.users.Owner;
import dev.strata.builder.text.Urls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves a COPY or ADD into a {@link CopyPlan}, with Docker's rules: several sources, Go
 * globs, a directory source copies its contents, a destination ending in {@code /} (or several
 * sources) is a directory, a relative destination is taken against WORKDIR, missing parents are
 * created, a source symlink is followed inside its root while symlinks inside a copied directory
 * stay symlinks, files sharing an inode stay hard links; ADD extracts local tar archives and
 * downloads URLs.
 */
public final class CopySourceResolver {

    private final CopyRequest request;
    private final CopyEnvironment env;
    private final UrlFetcher fetcher;
    private final NodeSet nodes = new NodeSet();
    private final List<CopyPlan.Archive> archives = new ArrayList<>();
    private final Map<Path, String> knownDigests = new HashMap<>();
    private Path scratch;

    private CopySourceResolver(CopyRequest request, CopyEnvironment env, UrlFetcher fetcher) {
        this.request = request;
        this.env = env;
        this.fetcher = fetcher;
    }

    /**
     * Resolves the sources; the plan hashes them when its digests are first asked for (files
     * unchanged since the last build are not read: see {@link FileDigester}).
     *
     * @throws CopyException with a one-line message (no Dockerfile location)
     */
    public static CopyPlan plan(CopyRequest request, CopyEnvironment env) {
        return plan(request, env, new UrlFetcher());
    }

    /** As {@link #plan(CopyRequest, CopyEnvironment)}, downloading with the given fetcher. */
    public static CopyPlan plan(CopyRequest request, CopyEnvironment env, UrlFetcher fetcher) {
        CopySourceResolver r = new CopySourceResolver(request, env, fetcher);
        try {
            return r.resolve();
        } catch (IOException e) {
            r.cleanup();
            throw failed(request.keyword(), e);
        } catch (RuntimeException e) {
            r.cleanup();
            throw e;
        }
    }

    private static CopyException failed(String keyword, IOException e) {
        return new CopyException(keyword + " failed: " + Reasons.describe(e), e);
    }

    private CopyPlan resolve() throws IOException {
        // before any lstat: a file is fingerprinted only if it had settled before its stat was taken
        long walkStart = System.currentTimeMillis() * 1_000_000L;
        String kw = request.keyword();
        CopyOptions o = request.options();
        CopyChecks.check(request);
        Chmod chmod = Chmod.of(o.chmod());
        Optional<Owner> chown = chown(o);
        PatternMatcher excludes;
        try {
            excludes = PatternMatcher.of(o.excludes());
        } catch (IllegalArgumentException e) {
            throw new CopyException(kw + " --exclude: " + e.getMessage(), e);
        }
        Destination dest = Destination.of(request.destination(), request.workdir(), o.link() ? ImageTree.empty() : env.image());
        // heredocs alone hash nothing: no thread reads the store's stat cache for them
        CompletableFuture<FileDigester> statCache = request.sources().isEmpty()
                ? CompletableFuture.completedFuture(FileDigester.uncached())
                : Digests.openStatCache(env.storeRoot());
        SourceWalker walker = new SourceWalker(request.root(), excludes, chown, chmod);
        ItemCopier copier = new ItemCopier(request, env, dest, walker, nodes, chown);

        List<ItemCopier.Item> items = new ArrayList<>();
        for (String source : request.sources()) {
            items.addAll(expand(source, walker, o.parents()));
        }
        for (HeredocSource h : request.heredocs()) {
            items.add(ItemCopier.Item.heredoc(h));
        }
        // what matched counts, not what was written: BuildKit copies each match on its own, so
        // COPY nothing* a.txt /dest makes the file /dest (kaniko's Dockerfile_test_copy)
        boolean several = items.size() > 1;
        if (!items.isEmpty()) { // only wildcards that matched nothing: no destination either, as BuildKit
            copier.copyAll(items, several);
        }
        for (ItemCopier.Item item : items) {
            if (item.archiveFile() != null) {
                String digest = knownDigests.get(item.archiveFile());
                archives.add(new CopyPlan.Archive(item.source(), item.archiveFile(), dest.path(), digest == null ? "" : digest,
                        chown, env.createdTime()));
            }
        }
        if (!archives.isEmpty()) {
            scratch();
        }
        List<PlannedNode> planned = nodes.all();
        ImageTree image = o.link() ? ImageTree.empty() : env.image();
        if (archives.isEmpty() && knownDigests.isEmpty()) {
            // only the walk's files: hashed when the key is needed, which a remembered fingerprint spares
            Map<Path, dev.strata.builder.context.digest.FileStat> stats = walker.stats();
            return new CopyPlan(planned, List.of(), () -> {
                try {
                    return Digests.compute(planned, List.of(), Map.of(), stats, statCache);
                } catch (IOException e) {
                    throw failed(kw, e);
                }
            }, () -> PlanFingerprint.of(planned, stats, walkStart), image, scratch);
        }
        List<SourceDigest> digests = Digests.compute(planned, archives, knownDigests, walker.stats(), statCache);
        return new CopyPlan(planned, archivesWithDigests(digests), digests, image, scratch);
    }

    private List<CopyPlan.Archive> archivesWithDigests(List<SourceDigest> digests) {
        List<CopyPlan.Archive> out = new ArrayList<>();
        for (CopyPlan.Archive a : archives) {
            String d = digests.stream().filter(s -> s.type().equals("archive") && s.source().equals(a.source()))
                    .map(SourceDigest::digest).findFirst().orElse(a.digest());
            out.add(new CopyPlan.Archive(a.source(), a.file(), a.directory(), d, a.chown(), a.createdTime()));
        }
        return out;
    }

    private Optional<Owner> chown(CopyOptions o) {
        if (o.chown().isEmpty() || o.chown().get().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(env.users().resolveChown(o.chown().get()));
        } catch (IllegalArgumentException e) {
            throw new CopyException(request.keyword() + " --chown=" + o.chown().get() + ": " + e.getMessage(), e);
        }
    }

    private List<ItemCopier.Item> expand(String source, SourceWalker walker, boolean parents) throws IOException {
        String kw = request.keyword();
        if (UrlFetcher.isGit(source)) {
            throw new CopyException(kw + " from a git repository (" + Urls.redact(source) + ") is not supported by Strata");
        }
        if (UrlFetcher.isUrl(source)) {
            if (!request.add()) {
                throw new CopyException("source can't be a URL for COPY: " + Urls.redact(source) + " (use ADD)");
            }
            Download d = fetcher.fetch(source, scratch());
            verifyChecksum(source, d);
            knownDigests.put(d.file(), d.digest());
            boolean unpack = request.options().unpack().orElse(false) && ArchiveReader.isArchive(d.file());
            // the URL names the source in the cache key and in messages: never with its credentials
            return List.of(ItemCopier.Item.url(Urls.redact(source), d, unpack));
        }
        SourceRoot root = request.root();
        if (parents) {
            return ParentsSource.expand(root, source, kw);
        }
        // a wildcard that matches nothing copies nothing, as BuildKit's AllowEmptyWildcard for local sources
        List<SourceMatcher.Match> matches = SourceMatcher.expand(root, source);
        List<ItemCopier.Item> items = new ArrayList<>();
        for (SourceMatcher.Match m : matches) {
            SourceFile f = root.lstat(m.resolved()) == null ? null : root.file(m.resolved());
            if (f == null) {
                throw notFound(source);
            }
            if (walker.excluded(m.relativeToPattern(), f.isDirectory())) {
                continue;
            }
            boolean archive = request.add() && f.isRegular() && request.options().unpack().orElse(true)
                    && ArchiveReader.isArchive(f.host());
            items.add(ItemCopier.Item.local(m, f, archive));
        }
        return items;
    }

    private CopyException notFound(String source) {
        SourceRoot root = request.root();
        boolean ignoring = !root.keepOwners();
        return new CopyException(request.keyword() + " failed: \"" + source + "\": not found in " + root.description()
                + (ignoring ? " (or excluded by .dockerignore)" : ""));
    }

    private void verifyChecksum(String url, Download d) {
        Optional<String> expected = request.options().checksum();
        if (expected.isPresent() && !expected.get().equalsIgnoreCase(d.digest())) {
            throw new CopyException("ADD " + Urls.redact(url) + ": checksum mismatch: expected " + expected.get() + ", downloaded content is "
                    + d.digest());
        }
    }

    private Path scratch() throws IOException {
        if (scratch == null) {
            Path tmp = env.storeRoot().resolve("tmp");
            Files.createDirectories(tmp);
            scratch = Files.createTempDirectory(tmp, "copy-");
        }
        return scratch;
    }

    private void cleanup() {
        if (scratch != null) {
            new CopyPlan(List.of(), List.of(), List.of(), ImageTree.empty(), scratch).close();
        }
    }
}
