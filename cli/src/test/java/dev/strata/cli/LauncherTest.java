package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./strata} launcher's class archive, with a stand-in JDK 25 whose {@code java} logs
 * its arguments: the archive is trained once, with classes linked ahead of time, then used; a
 * training that makes no archive is tried once more without class linking; one that fails both
 * times leaves a marker, so later commands start at once instead of training again, until the jar
 * changes.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "strata").toAbsolutePath().normalize();

    @TempDir
    Path tmp;
    private Path checkout;
    private Path jdk;
    private Path log;

    @BeforeEach
    void layOut() throws IOException {
        checkout = Files.createDirectories(tmp.resolve("checkout"));
        Files.copy(LAUNCHER, checkout.resolve("strata"));
        Files.createDirectories(checkout.resolve("cli/target"));
        Files.writeString(checkout.resolve("cli/target/strata.jar"), "a jar");
        Files.setLastModifiedTime(checkout.resolve("cli/target/strata.jar"), FileTime.from(Instant.now().minusSeconds(60)));
        Files.createDirectories(checkout.resolve("examples/hello/www"));
        Files.writeString(checkout.resolve("examples/hello/Dockerfile"), "FROM scratch\nCOPY www/ /www/\n");
        jdk = Files.createDirectories(tmp.resolve("jdk"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
        Files.setLastModifiedTime(jdk.resolve("release"), FileTime.from(Instant.now().minusSeconds(3600)));
        log = tmp.resolve("java.log");
    }

    /**
     * A {@code java} that logs each command line, and for a training command
     * ({@code -XX:AOTCacheOutput=FILE}) writes FILE only when {@code trains} says so: "always",
     * "unlinked" (only with {@code -XX:-AOTClassLinking}) or "never".
     */
    private void fakeJava(String trains) throws IOException {
        Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(java, """
                #!/bin/bash
                echo "$*" >> '%s'
                for a in "$@"; do
                  case "$a" in
                    -XX:AOTCacheOutput=*) out="${a#-XX:AOTCacheOutput=}" ;;
                  esac
                done
                if [ -n "${out:-}" ]; then
                  case "%s" in
                    always) : > "$out" ;;
                    unlinked) case " $* " in *" -XX:-AOTClassLinking "*) : > "$out" ;; esac ;;
                  esac
                  [ -f "$out" ] || exit 134
                fi
                exit 0
                """.formatted(log, trains));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> run() throws IOException, InterruptedException {
        Files.deleteIfExists(log);
        ProcessBuilder pb = new ProcessBuilder("bash", checkout.resolve("strata").toString(), "--version")
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("out.txt").toFile());
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("TMPDIR", Files.createDirectories(tmp.resolve("t")).toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("out.txt")));
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private static List<String> trainings(List<String> calls) {
        return calls.stream().filter(c -> c.contains("-XX:AOTCacheOutput=")).toList();
    }

    private Path archive() {
        return checkout.resolve("cli/target/strata-jdk25.aot");
    }

    @Test
    void trainsTheCacheOnceWithClassesLinkedThenUsesIt() throws Exception {
        fakeJava("always");
        List<String> first = run();
        assertEquals(1, trainings(first).size(), String.join("\n", first));
        assertFalse(trainings(first).get(0).contains("-XX:-AOTClassLinking"));
        assertTrue(Files.exists(archive()));
        assertTrue(first.get(first.size() - 1).contains("-XX:AOTCache=" + archive()), first.get(first.size() - 1));

        List<String> second = run();
        assertEquals(List.of(), trainings(second));
        assertEquals(1, second.size());
        assertTrue(second.get(0).contains("-XX:AOTCache=" + archive()));
        assertTrue(second.get(0).endsWith("--version"));
    }

    @Test
    void aTrainingThatMakesNoCacheIsTriedOnceMoreWithoutClassLinking() throws Exception {
        fakeJava("unlinked");
        List<String> calls = trainings(run());
        assertEquals(2, calls.size(), String.join("\n", calls));
        assertFalse(calls.get(0).contains("-XX:-AOTClassLinking"));
        assertTrue(calls.get(1).contains("-XX:-AOTClassLinking"));
        assertTrue(Files.exists(archive()));
        assertFalse(Files.exists(Path.of(archive() + ".failed")));
    }

    @Test
    void aTrainingThatAlwaysFailsIsNotRepeatedUntilTheJarChanges() throws Exception {
        fakeJava("never");
        assertEquals(2, trainings(run()).size());
        assertFalse(Files.exists(archive()));
        assertTrue(Files.exists(Path.of(archive() + ".failed")));

        List<String> next = run();
        assertEquals(List.of(), trainings(next), "trained again although it failed for this jar");
        assertEquals(1, next.size());
        assertFalse(next.get(0).contains("-XX:AOTCache="), next.get(0));

        Files.setLastModifiedTime(checkout.resolve("cli/target/strata.jar"), FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(2, trainings(run()).size(), "a new jar is worth a new training");
    }
}
