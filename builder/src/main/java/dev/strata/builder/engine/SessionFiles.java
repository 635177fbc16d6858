package dev.strata.builder.engine;

import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.DockerfileSource;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.context.BuildContext;
import dev.strata.builder.context.CopyEnvironment;
import dev.strata.builder.context.CopyException;
import dev.strata.builder.context.ImageTree;
import dev.strata.builder.context.SourceRoot;
import dev.strata.builder.context.pattern.PatternMatcher;
import dev.strata.builder.context.users.UserDatabase;
import dev.strata.builder.plan.StageRef;
import dev.strata.builder.steps.StageFiles;
import dev.strata.builder.steps.StageState;
import dev.strata.builder.steps.StepException;
import java.util.Optional;

/**
 * The file systems of one build: the context (opened once), named context directories, and the
 * root file systems of stages and images. Thread-safe: every COPY gets its own {@link SourceRoot}.
 */
final class SessionFiles implements StageFiles {
    private final BuildSession session;
    private volatile BuildContext context;

    SessionFiles(BuildSession session) {
        this.session = session;
    }

    private BuildContext buildContext() {
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
    public SourceRoot open(StageRef from, String name) {
        if (from instanceof StageRef.Image image) {
            Optional<NamedContext> named = session.request().buildContexts().stream()
                    .filter(c -> c.name().equals(image.reference())).findFirst();
            if (named.isPresent() && named.get().source() instanceof NamedContext.Directory dir) {
                try {
                    return SourceRoot.directory(dir.path(), PatternMatcher.none(), "build context \"" + name + "\"");
                } catch (CopyException e) {
                    throw new StepException(e.getMessage(), e);
                }
            }
            session.baseImage(image.reference(), java.util.Optional.empty());
        }
        throw new StepException("COPY --from=" + name + ": reading another stage or an image needs root file "
                + "system views, which this build of Strata does not have yet");
    }

    @Override
    public CopyEnvironment copyEnvironment(StageState state, boolean link) {
        UserDatabase users = UserDatabase.parse(readFile(state, "/etc/passwd").orElse(null),
                readFile(state, "/etc/group").orElse(null));
        return new CopyEnvironment(users, ImageTree.empty(), session.request().root(), state.created);
    }

    @Override
    public Optional<String> readFile(StageState state, String absolutePath) {
        return Optional.empty();
    }

    @Override
    public boolean exists(StageState state, String absolutePath) {
        return false;
    }

    /** Resolves a USER or --chown value against the image's passwd and group files. */
    long[] resolveOwner(StageState state, String spec) {
        UserDatabase users = spec.matches("[0-9]+(:[0-9]+)?") ? UserDatabase.empty()
                : UserDatabase.parse(readFile(state, "/etc/passwd").orElse(null), readFile(state, "/etc/group").orElse(null));
        try {
            var owner = users.resolveChown(spec);
            return new long[] {owner.uid(), owner.gid()};
        } catch (IllegalArgumentException e) {
            throw new StepException(e.getMessage(), e);
        }
    }
}
