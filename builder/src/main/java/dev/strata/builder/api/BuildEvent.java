package dev.strata.builder.api;

import dev.strata.builder.text.OutsideText;
import dev.strata.builder.text.Urls;
import java.util.Objects;

/**
 * What a build reports while it runs. The builder never prints; front ends render these (the CLI
 * as BuildKit-style plain or tty progress, the Maven plugin through its log). Events of one step
 * arrive in order; steps of independent stages may interleave. Listeners must be thread-safe.
 */
public sealed interface BuildEvent {

    /**
     * A step (vertex) starts: {@code #n [stage i/k] text}. Internal work (loading the context,
     * exporting) has {@code total == 0} and an empty stage.
     *
     * @param stage the stage name ({@code build}, {@code stage-1}), empty for a single-stage build
     * @param text the instruction as written, variables expanded where BuildKit expands them
     */
    record StepStarted(int step, String stage, int index, int total, String text) implements BuildEvent {
        public StepStarted {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(text, "text");
            text = OutsideText.oneLine(text);
        }
    }

    /** The step's result came from the cache. */
    record StepCached(int step) implements BuildEvent {}

    /** The step finished after {@code seconds}. */
    record StepDone(int step, double seconds) implements BuildEvent {}

    /** The step failed; the build fails with {@code message} (one line, terminal controls removed). */
    record StepFailed(int step, String message) implements BuildEvent {
        public StepFailed {
            Objects.requireNonNull(message, "message");
            message = OutsideText.oneLine(Urls.redactAll(message));
        }
    }

    /**
     * A line of output of a step (a RUN command's stdout/stderr, a note). Terminal controls are
     * removed, so a program in a base image cannot drive the terminal: a line shows what follows
     * its last carriage return, escape sequences (colours too) are dropped.
     * Step 0 is no step: a note about the whole build, such as
     * {@code RUN isolation: userns (cgroups read-only, no CAP_SYS_ADMIN)}.
     */
    record LogLine(int step, String line) implements BuildEvent {
        public LogLine {
            Objects.requireNonNull(line, "line");
            line = OutsideText.outputLine(line);
        }
    }

    /** Bytes transferred or written by a step so far; {@code total} is -1 when unknown. */
    record Progress(int step, long bytes, long total) implements BuildEvent {}

    /**
     * A layer of a base image or stage being extracted (unpacked) into the store, for a RUN step or
     * a {@code COPY --from}: once when it starts ({@code bytes == 0}), then at most every 8 MiB or
     * second, and once when it ends ({@code bytes == size}); never per file. A layer extracted
     * before (by an earlier step or build) is not extracted again and gives no event; neither does
     * a build without RUN or {@code COPY --from}, which never extracts.
     *
     * @param layer the layer blob's digest ({@code sha256:...})
     * @param bytes how much of the (compressed) blob has been read
     * @param size the blob's size
     */
    record Extracting(int step, String layer, long bytes, long size) implements BuildEvent {
        public Extracting {
            Objects.requireNonNull(layer, "layer");
            layer = OutsideText.oneLine(layer);
        }

        /** Whether this is the last event of the extraction. */
        public boolean done() {
            return bytes >= size;
        }
    }

    /**
     * Something the user should hear about, as BuildKit warns (an unused build argument).
     *
     * @param file the Dockerfile name, or empty when the warning is about the request
     * @param line 1-based, or 0 when there is no line
     */
    record Warning(String file, int line, String text) implements BuildEvent {
        public Warning {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(text, "text");
            text = OutsideText.oneLine(text);
        }
    }

    /**
     * Where the credentials for a registry came from, once per registry and build, when the
     * registry code picks them: {@code settings.xml <server> "registry.example.com"},
     * {@code Docker config /home/me/.docker/config.json (auths)} or
     * {@code credential helper docker-credential-pass (credHelpers in /home/me/.docker/config.json)}.
     * Never the user name's password or token.
     *
     * @param registry {@code HOST[:PORT]}, or {@code docker.io}
     */
    record CredentialsChosen(String registry, String source) implements BuildEvent {
        public CredentialsChosen {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(source, "source");
            registry = OutsideText.oneLine(registry);
            source = OutsideText.oneLine(source);
        }
    }
}
