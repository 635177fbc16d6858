package dev.strata.builder.engine;

import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.DockerfileSource;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.context.BuildContext;
import dev.strata.builder.context.CopyEnvironment;
import dev.strata.builder.context.CopyException;
import dev.strata.builder.context.ImageTree;
import dev.strata.builder.context.LayeredImageTree;
import dev.strata.builder.context.SourceRoot;
import dev.strata.builder.context.pattern.PatternMatcher;
import dev.strata.builder.context.users.UserDatabase;
import dev.strata.builder.plan.StageRef;
import dev.strata.builder.steps.StageFiles;
import dev.strata.builder.steps.StageState;
import dev.strata.builder.steps.StepException;
import dev.strata.builder.layer.Layer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The file systems of one build: the context (opened once), named context directories, and the
 * root file systems of stages and images. Thread-safe: every COPY gets its own {@link SourceRoot}.
 */
final class SessionFiles implements StageFiles {
    private final BuildSession session;
    private volatile BuildContext context;

    /** Whose context this session reads: itself, or the first platform's session (the context is opened once per build). */
    private final SessionFiles contextOwner;

    SessionFiles(BuildSession session) {
        this.session = session;
        this.contextOwner = this;
    }

    SessionFiles(BuildSession session, SessionFiles contextOwner) {
        this.session = session;
        this.contextOwner = contextOwner;
    }

    private BuildContext buildContext() {
        if (contextOwner != this) {
            return contextOwner.buildContext();
        }
        BuildContext c = context;
        if (c == null) {
            synchronized (this) {
                if (context == null) {
                    try {
                        DockerfileSource df = session.request().dockerfile();
                        context = df instanceof DockerfileSource.FromFile f
                                ? BuildContext.open(session.request().context(), f.path())
                                : BuildContext.openWithoutDockerfile(session.request().context());
                    } catch (CopyException e) {
                        throw new BuildException(e.getMessage(), e);
                    }
                }
                c = context;
            }
        }
        return c;
    }

    @Override
    public SourceRoot context() {
        return SourceRoot.of(buildContext());
    }

    @Override
    public SourceRoot open(StageRef from, String name, int step) {
        if (from instanceof StageRef.Image image) {
            Optional<Path> named = namedDirectory(image.reference());
            if (named.isPresent()) {
                try {
                    return SourceRoot.directory(named.get(), PatternMatcher.none(), "build context \"" + name + "\"");
                } catch (CopyException e) {
                    throw new StepException(e.getMessage(), e);
                }
            }
            BaseImage base = session.baseImage(image.reference(), java.util.Optional.empty(), 0);
            return rootfsSource(base.layers(), "image \"" + name + "\"", step);
        }
        if (from instanceof StageRef.Stage stage) {
            StageResult result = session.stageResult(stage.index());
            String stageName = session.plan().stages().get(stage.index()).displayName();
            return rootfsSource(result.layers(), "stage \"" + stageName + "\"", step);
        }
        return rootfsSource(List.of(), "scratch", step);
    }

    /** The directory of the named context that serves {@code reference}, when it is one (not an image). */
    Optional<Path> namedDirectory(String reference) {
        return session.request().buildContexts().stream().filter(c -> c.serves(reference)).findFirst()
                .map(NamedContext::source).filter(NamedContext.Directory.class::isInstance)
                .map(d -> ((NamedContext.Directory) d).path());
    }

    private SourceRoot rootfsSource(List<Layer> layers, String description, int step) {
        try {
            if (!layers.isEmpty() && !session.views().keepsOwners()) {
                return SourceRoot.stage(session.views().root(layers, step), description, tree(layers));
            }
            return SourceRoot.stage(session.views().root(layers, step), description);
        } catch (CopyException e) {
            throw new StepException(e.getMessage(), e);
        }
    }

    /** The layers of the image a stage has built so far (waiting for any still being written). */
    private static List<Layer> layers(StageState state) {
        try {
            return state.layers.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            throw BuildSession.unwrap(e);
        }
    }

    /** The image built so far, from its layers' tar headers (never extracted: see {@link ImageTrees}). */
    private LayeredImageTree tree(List<Layer> layers) {
        return session.trees().tree(layers);
    }

    @Override
    public CopyEnvironment copyEnvironment(StageState state, boolean link) {
        List<Layer> layers = layers(state);
        if (layers.isEmpty()) {
            return new CopyEnvironment(UserDatabase.empty(), ImageTree.empty(), session.request().root(), state.created);
        }
        LayeredImageTree tree = tree(layers);
        return new CopyEnvironment(tree.users(), link ? ImageTree.empty() : tree, session.request().root(), state.created);
    }

    @Override
    public CopyEnvironment emptyEnvironment(StageState state) {
        return new CopyEnvironment(UserDatabase.empty(), ImageTree.empty(), session.request().root(), state.created);
    }

    @Override
    public Optional<String> readFile(StageState state, String absolutePath) {
        List<Layer> layers = layers(state);
        return layers.isEmpty() ? Optional.empty() : tree(layers).text(absolutePath);
    }

    @Override
    public boolean exists(StageState state, String absolutePath) {
        List<Layer> layers = layers(state);
        return !layers.isEmpty() && tree(layers).exists(absolutePath);
    }

    @Override
    public String resolve(StageState state, String absolutePath) {
        List<Layer> layers = layers(state);
        return layers.isEmpty() ? absolutePath : tree(layers).resolve(absolutePath);
    }

    /** Resolves the USER a WORKDIR is made for against the image's passwd and group files, as BuildKit does. */
    long[] resolveOwner(StageState state, String spec) {
        if (spec.matches("[0-9]+(:[0-9]+)?")) {
            String[] ids = spec.split(":");
            long uid = Long.parseLong(ids[0]);
            return new long[] {uid, ids.length > 1 ? Long.parseLong(ids[1]) : uid};
        }
        var owner = UserDatabase.parse(readFile(state, "/etc/passwd").orElse(null), readFile(state, "/etc/group").orElse(null))
                .resolveLeniently(spec);
        return new long[] {owner.uid(), owner.gid()};
    }
}
