package dev.strata.builder.cache;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which build of Strata's code is running: the size and modification time of the jar (or class
 * directory) it was loaded from. A memo written by one build is not read by another, whose keys
 * may be made differently (an upgrade that changes a key must not be answered with the old one).
 */
final class StrataBuild {

    private static final Optional<String> ID = compute();

    private StrataBuild() {
    }

    /** A word (no spaces) naming this build, or empty when it cannot be told (then nothing is memoized). */
    static Optional<String> id() {
        return ID;
    }

    private static Optional<String> compute() {
        try {
            CodeSource source = StrataBuild.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            Path code = Path.of(source.getLocation().toURI());
            BasicFileAttributes a = Files.readAttributes(code, BasicFileAttributes.class);
            if (a.isRegularFile()) {
                return Optional.of("jar:" + a.size() + ":" + a.lastModifiedTime().toMillis() + ":" + Integer.toHexString(code.toString().hashCode()));
            }
            // classes compiled into a directory (tests, a developer's build): a class file
            // recompiled in place changes no directory's time, so the newest file counts
            try (Stream<Path> files = Files.walk(code)) {
                long[] newest = {0, 0};
                files.forEach(f -> {
                    newest[0] = Math.max(newest[0], f.toFile().lastModified());
                    newest[1]++;
                });
                return Optional.of("classes:" + newest[1] + ":" + newest[0] + ":" + Integer.toHexString(code.toString().hashCode()));
            }
        } catch (IOException | URISyntaxException | RuntimeException unknown) {
            return Optional.empty();
        }
    }
}
