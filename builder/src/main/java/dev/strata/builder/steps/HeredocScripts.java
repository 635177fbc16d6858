package dev.strata.builder.steps;

import dev.strata.builder.exec.MountSources;
import dev.strata.builder.exec.MountSpec;
import dev.strata.dockerfile.model.Heredoc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A {@code RUN <<EOF} script starting with {@code #!}: as BuildKit does, its body becomes an
 * executable file {@code /dev/pipes/<name>} (mode 0755, read-only, never in the layer) that the
 * shell runs, so the kernel picks the interpreter from the shebang line.
 */
final class HeredocScripts {
    /** A secret id no {@code --secret} can carry (it has a NUL), so user secrets never collide. */
    private static final String ID = "\0heredoc-script";

    private HeredocScripts() {}

    static String path(Heredoc doc) {
        return "/dev/pipes/" + doc.name();
    }

    /** The file mount: the private-file mechanism of secrets, with the script's mode. */
    static MountSpec mount(Heredoc doc) {
        return new MountSpec(MountSpec.Type.SECRET, path(doc), "", "", ID, MountSpec.Sharing.SHARED,
                false, 0755, 0, 0, 0, true, "");
    }

    /** {@code sources} that also answer the script's content. */
    static MountSources sources(MountSources sources, Heredoc doc) {
        byte[] body = doc.content().getBytes(StandardCharsets.UTF_8);
        return new MountSources() {
            @Override
            public BindSource bindSource(String from, String source) throws IOException {
                return sources.bindSource(from, source);
            }

            @Override
            public Optional<byte[]> secret(String id) throws IOException {
                return ID.equals(id) ? Optional.of(body.clone()) : sources.secret(id);
            }

            @Override
            public Optional<java.util.List<java.nio.file.Path>> ssh(String id) throws IOException {
                return sources.ssh(id);
            }
        };
    }
}
