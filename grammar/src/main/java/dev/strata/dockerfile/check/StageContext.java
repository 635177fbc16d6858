package dev.strata.dockerfile.check;

import java.util.Map;
import java.util.Optional;
import dev.strata.dockerfile.shell.ShellLexer;

/** What every stage's checks share. */
record StageContext(
        Map<String, String> globalArgs,
        Map<String, String> buildArgs,
        Optional<ContextIgnore> dockerignore,
        ShellLexer lexer,
        Reporter reporter) {
}
