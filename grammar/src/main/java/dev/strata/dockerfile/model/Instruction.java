package dev.strata.dockerfile.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One Dockerfile instruction, typed. Every word is kept raw (quotes kept, variables not
 * expanded); expansion happens in {@code dev.strata.dockerfile.shell} and in the builder.
 */
public sealed interface Instruction {

    RawInstruction raw();

    default SourceLocation location() {
        return raw().location();
    }

    /** The upper-case keyword ({@code RUN}), whatever case it was written in. */
    default String keyword() {
        return raw().keyword().toUpperCase(Locale.ROOT);
    }

    default List<Flag> flags() {
        return raw().flags();
    }

    /** The value of the last flag with this name; an empty string for a bare flag. */
    default Optional<String> flag(String name) {
        Optional<String> found = Optional.empty();
        for (Flag f : flags()) {
            if (f.name().equals(name)) {
                found = Optional.of(f.value().orElse(""));
            }
        }
        return found;
    }

    /** {@code FROM [--platform=P] image [AS name]}. */
    record From(RawInstruction raw, String image, Optional<String> stageName) implements Instruction {
        public From {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(stageName, "stageName");
        }
    }

    /** {@code RUN}; heredocs whose body is the script or fed to the command. */
    record Run(RawInstruction raw, Command command, List<Heredoc> heredocs) implements Instruction {
        public Run {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(command, "command");
            heredocs = List.copyOf(heredocs);
        }
    }

    record Cmd(RawInstruction raw, Command command) implements Instruction {
        public Cmd {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(command, "command");
        }
    }

    record Entrypoint(RawInstruction raw, Command command) implements Instruction {
        public Entrypoint {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(command, "command");
        }
    }

    /** {@code SHELL ["executable", "params"]}: exec form only. */
    record Shell(RawInstruction raw, List<String> shell) implements Instruction {
        public Shell {
            Objects.requireNonNull(raw, "raw");
            shell = List.copyOf(shell);
        }
    }

    record Label(RawInstruction raw, List<KeyValue> labels) implements Instruction {
        public Label {
            Objects.requireNonNull(raw, "raw");
            labels = List.copyOf(labels);
        }
    }

    /**
     * {@code ENV}; {@code legacyForm} for {@code ENV key value}, whose value is the rest of the
     * line verbatim.
     */
    record Env(RawInstruction raw, List<KeyValue> variables, boolean legacyForm) implements Instruction {
        public Env {
            Objects.requireNonNull(raw, "raw");
            variables = List.copyOf(variables);
        }
    }

    record Maintainer(RawInstruction raw, String name) implements Instruction {
        public Maintainer {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code EXPOSE port[/proto]...}, raw words (they may hold variables). */
    record Expose(RawInstruction raw, List<String> ports) implements Instruction {
        public Expose {
            Objects.requireNonNull(raw, "raw");
            ports = List.copyOf(ports);
        }
    }

    /**
     * {@code ADD}. Sources are raw words (decoded strings in JSON form); a heredoc source appears
     * in {@code sources} as its marker word as written ({@code <<EOF}, {@code <<"EOF"}) and in
     * {@code heredocs}; the n-th marker word among the sources is {@code heredocs().get(n)}.
     */
    record Add(RawInstruction raw, List<String> sources, String destination, List<Heredoc> heredocs)
            implements Instruction {
        public Add {
            Objects.requireNonNull(raw, "raw");
            sources = List.copyOf(sources);
            Objects.requireNonNull(destination, "destination");
            heredocs = List.copyOf(heredocs);
        }
    }

    /** {@code COPY}; see {@link Add} for sources and heredocs. */
    record Copy(RawInstruction raw, List<String> sources, String destination, List<Heredoc> heredocs)
            implements Instruction {
        public Copy {
            Objects.requireNonNull(raw, "raw");
            sources = List.copyOf(sources);
            Objects.requireNonNull(destination, "destination");
            heredocs = List.copyOf(heredocs);
        }
    }

    record Volume(RawInstruction raw, List<String> paths) implements Instruction {
        public Volume {
            Objects.requireNonNull(raw, "raw");
            paths = List.copyOf(paths);
        }
    }

    /** {@code USER user[:group]}, raw. */
    record User(RawInstruction raw, String user) implements Instruction {
        public User {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(user, "user");
        }
    }

    record Workdir(RawInstruction raw, String path) implements Instruction {
        public Workdir {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(path, "path");
        }
    }

    record Arg(RawInstruction raw, List<ArgDeclaration> declarations) implements Instruction {
        public Arg {
            Objects.requireNonNull(raw, "raw");
            declarations = List.copyOf(declarations);
        }
    }

    /** {@code ONBUILD <instruction>}: the trigger is stored in the image config, run later. */
    record Onbuild(RawInstruction raw, Instruction trigger) implements Instruction {
        public Onbuild {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(trigger, "trigger");
        }
    }

    record Stopsignal(RawInstruction raw, String signal) implements Instruction {
        public Stopsignal {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(signal, "signal");
        }
    }

    /**
     * {@code HEALTHCHECK NONE} (command empty) or {@code HEALTHCHECK [--interval=..] CMD ...};
     * duration flags stay raw in {@link #flags()}.
     */
    record Healthcheck(RawInstruction raw, Optional<Command> command) implements Instruction {
        public Healthcheck {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(command, "command");
        }
    }
}
