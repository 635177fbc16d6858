package dev.strata.dockerfile.model;

import java.util.List;
import java.util.Objects;

/** The command of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD: shell form or exec form. */
public sealed interface Command {

    Form form();

    /** Shell form: the text after the flags, continuations joined as Docker joins them. */
    record Shell(String text) implements Command {
        public Shell {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public Form form() {
            return Form.SHELL;
        }
    }

    /** Exec form: the decoded JSON strings. */
    record Exec(List<String> args) implements Command {
        public Exec {
            args = List.copyOf(args);
        }

        @Override
        public Form form() {
            return Form.EXEC;
        }
    }
}
