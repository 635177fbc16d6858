package dev.strata.dockerfile.check;

import java.util.Map;
import java.util.Optional;

/** What every stage's checks share. */
record StageContext(
        Map<String, String> globalArgs,
        Map<String, String> buildArgs,
        Optional<ContextIgnore> dockerignore,
        char escape,
        Reporter reporter) {
}
