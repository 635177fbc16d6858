package dev.strata.builder.engine;

import dev.strata.builder.api.SecretSpec;
import dev.strata.builder.exec.MountSources;
import dev.strata.builder.rootfs.RootPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * RUN --mount sources of one build: bind sources from the context (or a stage, image or named
 * context, resolved inside its root) and {@code --secret} values. Thread-safe.
 */
final class BuildMountSources implements MountSources {
    private final BuildSession session;

    BuildMountSources(BuildSession session) {
        this.session = session;
    }

    @Override
    public Path bindSource(String from, String source) throws IOException {
        Path root = from.isEmpty() ? session.files().context().root()
                : session.files().open(session.resolveFrom(from), from).root();
        return RootPath.resolve(root, source.isEmpty() ? "/" : source);
    }

    @Override
    public Optional<byte[]> secret(String id) {
        for (SecretSpec s : session.request().secrets()) {
            if (s.id().equals(id)) {
                if (s.file().isPresent()) {
                    try {
                        return Optional.of(Files.readAllBytes(s.file().get()));
                    } catch (IOException e) {
                        throw new dev.strata.builder.steps.StepException("cannot read secret \"" + id + "\" from "
                                + s.file().get() + ": " + e.getMessage(), e);
                    }
                }
                String value = System.getenv(s.env().orElseThrow());
                return value == null ? Optional.empty() : Optional.of(value.getBytes(StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
