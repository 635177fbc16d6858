package dev.strata.builder.steps;

import dev.strata.builder.layer.Layer;
import dev.strata.builder.plan.PlannedStage;
import dev.strata.dockerfile.shell.ShellLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The image one stage is building: config, layers (some still being compressed), history, args
 * in scope and the cache key of the last step. Mutable, not thread-safe: owned by the thread
 * running the stage.
 */
public final class StageState {
    private final PlannedStage stage;
    private final ShellLexer lexer;
    public final ImageConfigState config;
    public final ArgScope args;
    /** One future per layer, base layers first; a future completes when its blob is stored. */
    public final List<CompletableFuture<Layer>> layers = new ArrayList<>();
    public final List<HistoryEntry> history = new ArrayList<>();
    public String os = "linux";
    public String architecture = "amd64";
    public String variant = "";
    public String author = "";
    /** True once CMD was set in this stage: ENTRYPOINT then keeps it. */
    public boolean cmdSet;
    /** The cache key of the image so far: base digest, then one link per step. */
    public String cacheKey;
    /** The {@code created} time of new history entries (the source date epoch, or now). */
    public java.time.Instant created = java.time.Instant.EPOCH;
    private int stepIndex;
    private final int stepTotal;

    public StageState(PlannedStage stage, ShellLexer lexer, ImageConfigState config, ArgScope args, int stepTotal) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.lexer = Objects.requireNonNull(lexer, "lexer");
        this.config = Objects.requireNonNull(config, "config");
        this.args = Objects.requireNonNull(args, "args");
        this.stepTotal = stepTotal;
    }

    /** The stage as progress shows it: empty in a single-stage build, else its name or {@code stage-N}. */
    public String stageDisplayName() {
        return displayName;
    }

    /** Set by the runner: "" for a single-stage build. */
    public String displayName = "";

    public PlannedStage stage() {
        return stage;
    }

    public ShellLexer lexer() {
        return lexer;
    }

    /**
     * The variables instructions expand against: stage args overridden by ENV. Kept until
     * {@link #variablesChanged}, so an instruction with many words does not rebuild a map of a
     * base image's 100,000 variables for each.
     */
    public Map<String, String> expansionEnv() {
        Map<String, String> env = expansionEnv;
        if (env == null) {
            env = java.util.Collections.unmodifiableMap(args.expansionEnv(config.envMap()));
            expansionEnv = env;
        }
        return env;
    }

    /** Called when ENV or ARG changed what {@link #expansionEnv} returns (and before each instruction). */
    public void variablesChanged() {
        expansionEnv = null;
    }

    private Map<String, String> expansionEnv;

    /** Expands one word (quotes removed, variables substituted). */
    public String expand(String word) {
        return lexer.processWord(word, expansionEnv());
    }

    /** Expands and splits into words, as for EXPOSE and VOLUME. */
    public List<String> expandWords(String word) {
        return lexer.processWords(word, expansionEnv());
    }

    /** The next progress position ({@code i} of {@code [stage i/k]}). */
    public int nextStepIndex() {
        return ++stepIndex;
    }

    public int stepTotal() {
        return stepTotal;
    }

    /** The {@code os/arch[/variant]} of this stage's image. */
    public String platform() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }

    /** The working directory for relative paths: WORKDIR or {@code /}. */
    public String workingDir() {
        return config.workingDir.isEmpty() ? "/" : config.workingDir;
    }

    /**
     * Adds a history entry as BuildKit's {@code commitToHistory} does: filesystem steps get the
     * {@code  # buildkit} suffix, metadata steps are {@code empty_layer}.
     */
    public void commitHistory(String createdBy, boolean withLayer, boolean fileSystemStep) {
        history.add(new HistoryEntry(Optional.of(java.time.format.DateTimeFormatter.ISO_INSTANT.format(created)),
                Optional.of(fileSystemStep ? createdBy + " # buildkit" : createdBy),
                Optional.empty(), Optional.of(HistoryEntry.BUILDKIT_COMMENT), !withLayer));
    }

    public Optional<String> user() {
        return config.user.isEmpty() ? Optional.empty() : Optional.of(config.user);
    }
}
