package dev.strata.builder.engine;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.oci.History;
import dev.strata.builder.oci.ImageConfig;
import dev.strata.builder.plan.PlannedStage;
import dev.strata.builder.plan.StageRef;
import dev.strata.builder.steps.ArgScope;
import dev.strata.builder.steps.HistoryEntry;
import dev.strata.builder.steps.ImageConfigState;
import dev.strata.builder.steps.StageState;
import dev.strata.builder.steps.StepException;
import dev.strata.builder.steps.Steps;
import dev.strata.dockerfile.DockerfileException;
import dev.strata.dockerfile.Dockerfiles;
import dev.strata.dockerfile.model.Instruction;
import dev.strata.dockerfile.model.SourceLocation;
import dev.strata.dockerfile.shell.ShellExpansionException;
import dev.strata.dockerfile.shell.ShellLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Builds one stage: sets up its state from its base (scratch, another stage, an image), runs the
 * base's ONBUILD triggers, then every instruction. Errors get the Dockerfile location here, once.
 */
final class StageRunner {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final BuildSession session;
    private final PlannedStage stage;

    StageRunner(BuildSession session, PlannedStage stage) {
        this.session = session;
        this.stage = stage;
    }

    StageResult run() {
        Instruction.From from = stage.from();
        StageState state;
        ImageConfig base;
        try {
            StageStart start = start();
            state = start.state();
            base = start.base();
        } catch (StepException | ShellExpansionException e) {
            throw located(from.location(), e.getMessage(), e);
        }
        if (state.config.getEnv("PATH").isEmpty()) {
            state.config.setEnv("PATH", DEFAULT_PATH);
        }
        List<String> triggers = List.copyOf(state.config.onBuild);
        state.config.onBuild.clear();
        for (String trigger : triggers) {
            runTrigger(trigger, state);
        }
        for (Instruction ins : stage.instructions()) {
            apply(ins, state, ins.location());
        }
        return new StageResult(state, base);
    }

    private void apply(Instruction ins, StageState state, SourceLocation location) {
        try {
            Steps.apply(ins, state, session, links());
        } catch (StepException | ShellExpansionException e) {
            throw located(location, e.getMessage(), e);
        } catch (DockerfileException e) {
            throw new BuildException(e.getMessage(), e);
        }
    }

    private void runTrigger(String trigger, StageState state) {
        Instruction ins;
        try {
            List<Instruction> parsed = Dockerfiles.parse("ONBUILD", trigger).instructions();
            if (parsed.size() != 1) {
                throw new StepException("onbuild trigger should be a single expression");
            }
            ins = parsed.get(0);
        } catch (DockerfileException e) {
            throw located(stage.from().location(), "invalid ONBUILD trigger \"" + trigger + "\" of the base image: " + e.reason(), e);
        } catch (StepException e) {
            throw located(stage.from().location(), e.getMessage(), e);
        }
        apply(ins, state, stage.from().location());
    }

    private Steps.StageLinks links() {
        return new Steps.StageLinks() {
            @Override
            public StageRef resolveFrom(String from) {
                return session.resolveFrom(from);
            }

        };
    }

    private static BuildException located(SourceLocation location, String message, Throwable cause) {
        return new BuildException(location.file() + ":" + location.startLine() + ": " + message, cause);
    }

    private record StageStart(StageState state, ImageConfig base) {}

    private StageStart start() {
        ShellLexer lexer = session.lexer();
        java.util.Map<String, String> buildArgs = new java.util.LinkedHashMap<>(session.request().buildArgs());
        session.request().sourceDateEpoch().ifPresent(epoch ->
                buildArgs.putIfAbsent(ArgScope.SOURCE_DATE_EPOCH, Long.toString(epoch.getEpochSecond())));
        ArgScope args = new ArgScope(buildArgs, session.plan().metaArgs());
        int total = (int) stage.instructions().stream().filter(Steps::isFileSystemStep).count();
        StageRef ref = stage.base();
        if (ref instanceof StageRef.Stage s) {
            StageResult parent = session.stageResult(s.index());
            StageState state = new StageState(stage, lexer, parent.state().config.copy(), args, total);
            inherit(state, parent.state());
            args.inherit(parent.state().args);
            return new StageStart(prepare(state), parent.base());
        }
        if (ref instanceof StageRef.Image image) {
            total++;
            StageState state = new StageState(stage, lexer, new ImageConfigState(), args, total);
            prepare(state);
            int n = session.nextStepNumber();
            session.emit(new BuildEvent.StepStarted(n, state.stageDisplayName(), state.nextStepIndex(), total,
                    "FROM " + image.reference()));
            long t0 = System.nanoTime();
            BaseImage baseImage;
            try {
                baseImage = session.baseImage(image.reference(), stage.platform(), n);
            } catch (RuntimeException e) {
                session.emit(new BuildEvent.StepFailed(n, String.valueOf(e.getMessage())));
                throw e;
            }
            ImageConfigs.load(baseImage.config(), state);
            baseImage.layers().forEach(l -> state.layers.add(CompletableFuture.completedFuture(l)));
            state.cacheKey = "image:" + baseImage.manifestDigest() + session.layerFormatKey();
            session.emit(baseImage.fetched() ? new BuildEvent.StepDone(n, (System.nanoTime() - t0) / 1e9)
                    : new BuildEvent.StepCached(n));
            return new StageStart(state, baseImage.config());
        }
        StageState state = new StageState(stage, lexer, new ImageConfigState(), args, total);
        prepare(state);
        state.cacheKey = "scratch:" + state.platform() + session.layerFormatKey();
        return new StageStart(state, ImageConfig.scratch(stagePlatform()));
    }

    /** The stage's {@code FROM --platform}, else the build's target platform. */
    private dev.strata.builder.oci.Platform stagePlatform() {
        try {
            return stage.platform().map(dev.strata.builder.oci.Platform::parse).orElse(session.targetPlatform());
        } catch (IllegalArgumentException e) {
            throw new StepException(e.getMessage(), e);
        }
    }

    private StageState prepare(StageState state) {
        String name = session.plan().multiStage() ? stage.displayName() : "";
        if (session.multiPlatform()) {
            // BuildKit's "[linux/arm64 build 2/3]": the platform the stage runs for
            String platform = state.cacheKey != null ? state.platform() : stagePlatform().toString();
            name = name.isEmpty() ? platform : platform + " " + name;
        }
        state.displayName = name;
        state.created = session.created();
        if (state.cacheKey == null) {
            var p = stagePlatform();
            state.os = p.os();
            state.architecture = p.architecture();
            state.variant = p.variant() == null ? "" : p.variant();
        }
        return state;
    }

    private static void inherit(StageState state, StageState parent) {
        state.layers.addAll(parent.layers);
        state.history.addAll(parent.history);
        state.os = parent.os;
        state.architecture = parent.architecture;
        state.variant = parent.variant;
        state.author = parent.author;
        state.cacheKey = parent.cacheKey;
    }

    static HistoryEntry history(History h) {
        return new HistoryEntry(Optional.ofNullable(h.created()), Optional.ofNullable(h.createdBy()),
                Optional.ofNullable(h.author()), Optional.ofNullable(h.comment()), h.isEmptyLayer());
    }
}
