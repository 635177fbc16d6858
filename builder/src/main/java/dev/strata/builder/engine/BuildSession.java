package dev.strata.builder.engine;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.BuildResult;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.layer.LayerCompressor;
import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.layer.LayerWriter;
import dev.strata.builder.oci.Platform;
import dev.strata.builder.plan.BuildPlan;
import dev.strata.builder.plan.PlannedStage;
import dev.strata.builder.plan.StageRef;
import dev.strata.builder.steps.StageFiles;
import dev.strata.builder.steps.StageState;
import dev.strata.builder.steps.StepServices;
import dev.strata.builder.store.StoreLease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One build in progress: the plan, the store, the executors, the stages' results. Implements the
 * services steps use. Thread-safe where {@link StepServices} requires it.
 */
final class BuildSession implements StepServices, AutoCloseable {
    private final BuildRequest request;
    private final BuildPlan plan;
    private final BlobStore store;
    private final Path tempDir;
    private final Platform targetPlatform;
    private final Instant created;
    private final Instant started = Instant.now();
    private final LayerWriter layerWriter;
    private final LayerCompressor compressor;
    private final Instant clamp;
    private final StepIndex stepIndex;
    private final String layerFormatKey;
    /**
     * Which rules made the cached layers, at the root of every chain of step keys: change it with
     * any change that gives the same step other layer bytes (a directory's mode, an entry more or
     * less), so that a store filled by an earlier Strata does not answer with what it built then.
     */
    static final String LAYER_RULES = "2026-12-07";
    private final Executors executors;
    private final AtomicInteger stepNumbers;
    private final Map<Integer, CompletableFuture<StageResult>> stages = new java.util.concurrent.ConcurrentHashMap<>();
    /** Every platform's stages by {@link StageIdentity}: a stage with the same inputs for two platforms runs once. */
    private final Map<String, CompletableFuture<StageResult>> stagesByIdentity;
    /** How many platforms the build makes: more than one shows the platform in progress lines. */
    private final int platformCount;
    private final boolean primary;
    private final BaseImages baseImages;
    private final RegistryImages registryImages;
    private final CacheTransfers caches;
    private final SessionFiles files;
    private final RootfsViews views;
    private final ImageTrees trees;
    private final RunSupport runs;
    private final BuildMountSources mountSources;
    /** One for the build: every stage's expansions draw on its budget. */
    private final dev.strata.dockerfile.shell.ShellLexer lexer;

    /**
     * What a layer's bytes depend on beyond its entries (compression, level, mtime clamp): part of
     * every stage's root cache key, so a build never reuses a layer written another way.
     */
    /** The time every layer entry's mtime is clamped down to (far in the future for wall-clock builds). */
    Instant clamp() {
        return clamp;
    }

    String layerFormatKey() {
        return layerFormatKey;
    }

    BuildSession(BuildRequest request, BuildPlan plan, StoreLease lease, Platform targetPlatform) throws IOException {
        this(request, plan, lease, targetPlatform, 1);
    }

    /**
     * The session of the first of {@code platformCount} target platforms; {@link #forPlatform} makes
     * the others', which share its store, caches, executors and RUN support.
     */
    BuildSession(BuildRequest request, BuildPlan plan, StoreLease lease, Platform targetPlatform, int platformCount) throws IOException {
        this.primary = true;
        this.platformCount = platformCount;
        this.stepNumbers = new AtomicInteger();
        this.stagesByIdentity = new java.util.concurrent.ConcurrentHashMap<>();
        this.request = request;
        this.plan = plan;
        this.store = lease.store();
        this.tempDir = lease.tempDir();
        this.targetPlatform = targetPlatform;
        this.created = creationTime(request);
        this.clamp = request.sourceDateEpoch().orElse(Instant.ofEpochSecond(253402300799L));
        // The store keeps layers as plain tar; they are compressed once, when an image leaves it.
        this.layerWriter = new LayerWriter(store, dev.strata.builder.layer.Compression.NONE, clamp);
        this.compressor = new LayerCompressor(store, LayerCompression.of(request.compression()));
        this.layerFormatKey = ";layers=tar,clamp=" + clamp.getEpochSecond() + ",rules=" + LAYER_RULES;
        this.stepIndex = new StepIndex(store);
        this.executors = new Executors();
        this.baseImages = new BaseImages(this);
        this.registryImages = new RegistryImages(this, System.getenv());
        registryImages.warmUpForPush();
        this.caches = new CacheTransfers(this, registryImages);
        caches.importAll(stepIndex);
        this.files = new SessionFiles(this);
        this.views = new RootfsViews(store, this);
        this.trees = new ImageTrees(store);
        this.runs = new RunSupport(this);
        this.mountSources = new BuildMountSources(this);
        this.lexer = new dev.strata.dockerfile.shell.ShellLexer(plan.escape());
    }

    private BuildSession(BuildSession first, BuildPlan plan, Platform targetPlatform) {
        this.primary = false;
        this.platformCount = first.platformCount;
        this.stepNumbers = first.stepNumbers;
        this.stagesByIdentity = first.stagesByIdentity;
        this.request = first.request;
        this.plan = plan;
        this.store = first.store;
        this.tempDir = first.tempDir;
        this.targetPlatform = targetPlatform;
        this.created = first.created;
        this.clamp = first.clamp;
        this.layerWriter = first.layerWriter;
        this.compressor = first.compressor;
        this.layerFormatKey = first.layerFormatKey;
        this.stepIndex = first.stepIndex;
        this.executors = first.executors;
        this.baseImages = first.baseImages;
        this.registryImages = first.registryImages;
        this.caches = first.caches;
        this.files = new SessionFiles(this, first.files);
        this.views = first.views;
        this.trees = first.trees;
        this.runs = first.runs;
        this.mountSources = new BuildMountSources(this);
        this.lexer = first.lexer;
    }

    /** The session of another target platform of the same build (closed with this one). */
    BuildSession forPlatform(BuildPlan otherPlan, Platform otherPlatform) {
        return new BuildSession(this, otherPlan, otherPlatform);
    }

    /** Whether the build makes images for several platforms. */
    boolean multiPlatform() {
        return platformCount > 1;
    }

    /**
     * The image's creation time: the source date epoch when one was given, else the committer time
     * of the commit checked out where the context lives (the reproducible-builds convention; file
     * times stay clamped to 1970, so layers and their cache keys do not change with each commit).
     */
    private Instant creationTime(BuildRequest request) {
        if (request.sourceDateEpochDefault()) {
            Optional<dev.strata.builder.git.GitCommitTime.Found> git = dev.strata.builder.git.GitCommitTime.of(request.context());
            if (git.isPresent()) {
                emit(new BuildEvent.LogLine(0, "image creation time " + git.get().time() + ": the last commit ("
                        + git.get().commit().substring(0, 12) + ") of the git checkout " + git.get().checkout()
                        + "; --source-date-epoch or SOURCE_DATE_EPOCH set another"));
                return git.get().time();
            }
        }
        return request.sourceDateEpoch().orElseGet(Instant::now);
    }

    dev.strata.dockerfile.shell.ShellLexer lexer() {
        return lexer;
    }

    BuildRequest request() {
        return request;
    }

    BuildPlan plan() {
        return plan;
    }

    BlobStore store() {
        return store;
    }

    Platform targetPlatform() {
        return targetPlatform;
    }

    Instant created() {
        return created;
    }

    /** Starts every needed stage (each waits for the stages it depends on) and returns the target's result. */
    StageResult runStages() {
        startStages();
        return stageResult(plan.target());
    }

    /**
     * Starts every needed stage; one that another platform's session started with the same inputs
     * (a {@code FROM --platform=$BUILDPLATFORM} stage that reads no TARGET args) is shared, not run again.
     */
    void startStages() {
        Map<Integer, String> identities = new HashMap<>();
        for (PlannedStage stage : plan.stagesToBuild()) {
            String identity = StageIdentity.of(stage, plan, targetPlatform.toString(), identities);
            identities.put(stage.index(), identity);
            stages.put(stage.index(), stagesByIdentity.computeIfAbsent(identity, k -> CompletableFuture.supplyAsync(
                    () -> new StageRunner(this, stage).run(), executors.stages())));
        }
    }

    /** The result of the target stage, waiting for it. */
    StageResult targetResult() {
        return stageResult(plan.target());
    }

    /** The result of a stage, waiting for it; rethrows its failure. */
    StageResult stageResult(int index) {
        CompletableFuture<StageResult> future = stages.get(index);
        if (future == null) {
            throw new IllegalStateException("stage " + index + " was not scheduled");
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    static RuntimeException unwrap(CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new BuildException(String.valueOf(cause.getMessage()), cause);
    }

    StageRef resolveFrom(String from) {
        Map<String, Integer> byName = new HashMap<>();
        plan.stages().forEach(s -> s.name().ifPresent(n -> byName.put(n.toLowerCase(java.util.Locale.ROOT), s.index())));
        if (from.chars().allMatch(Character::isDigit) && !from.isEmpty()) {
            return new StageRef.Stage(Integer.parseInt(from));
        }
        Integer index = byName.get(from.toLowerCase(java.util.Locale.ROOT));
        return index != null ? new StageRef.Stage(index) : new StageRef.Image(from);
    }

    /** The image {@code reference} names; a pull reports its bytes as progress of {@code step} (none for 0). */
    /** When the build began (wall clock), for provenance of builds without a fixed epoch. */
    Instant started() {
        return started;
    }

    BaseImages baseImages() {
        return baseImages;
    }

    BaseImage baseImage(String reference, Optional<String> platform, int step) {
        Platform wanted;
        try {
            wanted = platform.map(Platform::parse).orElse(targetPlatform);
        } catch (IllegalArgumentException e) {
            throw new dev.strata.builder.steps.StepException(e.getMessage(), e);
        }
        return baseImages.resolve(reference, wanted, step);
    }

    /** Pushes the image under {@code names} (the registry package). */
    dev.strata.builder.registry.PushResult push(dev.strata.builder.oci.StoredImage image, List<String> names, int step) {
        return registryImages.push(image, names, step);
    }

    /** Exports the build's steps to the {@code --cache-to} caches ({@code finalKeys}: each platform's target stage's last key); returns {@code ref@digest} of each. */
    List<String> exportCaches(List<String> finalKeys) {
        return caches.exportAll(stepIndex, finalKeys);
    }

    /** Pulls a base image from its registry. */
    BaseImage pull(String reference, Platform platform, int step) {
        return registryImages.pull(reference, platform, step);
    }

    SessionFiles files() {
        return files;
    }

    @Override
    public dev.strata.builder.exec.Network defaultNetwork() {
        return dev.strata.builder.exec.Network.parse(request.network());
    }

    @Override
    public dev.strata.builder.api.RunOptions runOptions() {
        return request.runOptions();
    }

    @Override
    public dev.strata.builder.exec.MountSources mountSources() {
        return mountSources;
    }

    @Override
    public Execution execute(StageState state, dev.strata.builder.exec.RunRequest runRequest, int stepNumber) {
        return runs.execute(state, runRequest, stepNumber);
    }

    // --- StepServices

    @Override
    public void emit(BuildEvent event) {
        request.listener().onEvent(event);
    }

    @Override
    public int nextStepNumber() {
        return stepNumbers.incrementAndGet();
    }

    @Override
    public boolean noCache() {
        return request.noCache();
    }

    @Override
    public boolean noCache(StageState state) {
        return request.noCache() || state.stage().name().map(n -> request.noCacheFilter().contains(n.toLowerCase(java.util.Locale.ROOT)))
                .orElse(false) || request.noCacheFilter().contains(Integer.toString(state.stage().index()));
    }

    @Override
    public boolean explainCache() {
        return request.explainCache();
    }

    @Override
    public boolean offline() {
        return request.offline();
    }

    @Override
    public Optional<CachedStep> lookup(dev.strata.builder.cache.CacheKey cacheKey) {
        return stepIndex.lookup(cacheKey);
    }

    @Override
    public List<String> rememberAndExplain(String identity, dev.strata.builder.cache.CacheKey key, boolean miss) {
        return stepIndex.rememberAndExplain(storeIdentity(identity), key, miss);
    }

    /** A step's identity in the store, which other contexts' builds share: the context's path comes first. */
    private String storeIdentity(String identity) {
        return request.context().toAbsolutePath() + "#" + identity;
    }

    @Override
    public Optional<dev.strata.builder.cache.CacheKey> memo(String identity, dev.strata.builder.hash.Digest fingerprint,
            java.util.function.Supplier<Map<String, ?>> document) {
        return stepIndex.memo(storeIdentity(identity), fingerprint, document);
    }

    @Override
    public void memoize(String identity, dev.strata.builder.hash.Digest fingerprint, dev.strata.builder.cache.CacheKey key) {
        stepIndex.memoize(storeIdentity(identity), fingerprint, key);
    }

    @Override
    public void store(dev.strata.builder.cache.CacheKey cacheKey, CachedStep result) {
        stepIndex.store(cacheKey, result);
    }

    @Override
    public CompletableFuture<Optional<Layer>> writeLayer(int step, List<? extends LayerEntry> entries) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                // a layer that will leave the store is compressed while its tar is written (behind
                // the writer, which does not wait for it); the export waits for it
                return layerWriter.write(entries, (done, total) -> emit(new BuildEvent.Progress(step, done, total)),
                        leavesStore() ? tar -> compressor.follow(tar, executors.layers()) : null);
            } catch (IOException e) {
                throw new UncheckedIOException("writing a layer failed: " + e.getMessage(), e);
            }
        }, executors.layers());
    }

    /** Compresses the layers of images that leave the store (push, OCI export). */
    LayerCompressor compressor() {
        return compressor;
    }

    /** Whether the image is pushed or exported in a form with compressed layers. */
    boolean leavesStore() {
        return request.push() || request.outputs().stream().anyMatch(o -> o.type() == dev.strata.builder.api.OutputSpec.Type.OCI || o.pushes());
    }

    @Override
    public Path tempDir() {
        return tempDir;
    }

    @Override
    public long[] resolveOwner(StageState state, String spec) {
        return files.resolveOwner(state, spec);
    }

    @Override
    public StageFiles stageFiles() {
        return files;
    }

    RootfsViews views() {
        return views;
    }

    ImageTrees trees() {
        return trees;
    }

    @Override
    public void close() {
        if (!primary) {
            return;
        }
        runs.close();
        views.close();
        executors.close();
    }

    /** The executors of one build. */
    static final class Executors implements AutoCloseable {
        private final ExecutorService stages = java.util.concurrent.Executors.newCachedThreadPool(daemon("strata-stage"));
        private final ExecutorService layers = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("strata-layer"));

        ExecutorService stages() {
            return stages;
        }

        ExecutorService layers() {
            return layers;
        }

        private static java.util.concurrent.ThreadFactory daemon(String name) {
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }

        @Override
        public void close() {
            stages.shutdownNow();
            layers.shutdownNow();
        }
    }

}
