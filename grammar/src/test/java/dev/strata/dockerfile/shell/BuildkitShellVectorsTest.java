package dev.strata.dockerfile.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * BuildKit's {@code shell/envVarTest} and {@code shell/wordsTest}, read as described in
 * {@code shared/conformance/README.md} section 2. No vector is excluded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildkitShellVectorsTest {
    private static final Map<String, String> ENV_VAR_TEST_ENV =
            Map.of("PWD", "/home", "SHELL", "bash", "KOREAN", "한국어", "NULL", "");

    private final ShellLexer lexer = new ShellLexer('\\');
    private final Map<String, Tally> tallies = new LinkedHashMap<>();

    @TestFactory
    Stream<DynamicTest> envVarTest() throws IOException {
        List<String> lines = lines("buildkit/shell/envVarTest");
        Tally tally = tally("buildkit envVarTest");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#") || line.trim().isEmpty()) {
                continue;
            }
            String[] fields = line.trim().split("\\|", -1);
            if (fields.length != 3) {
                fail("envVarTest line " + (i + 1) + ": expected 3 fields: " + line);
            }
            String platform = fields[0].trim();
            String input = fields[1].trim();
            String expected = fields[2].trim();
            if (!List.of("A", "U", "W").contains(platform)) {
                fail("envVarTest line " + (i + 1) + ": bad platform tag " + platform);
            }
            if (platform.equals("W")) {
                continue;
            }
            tests.add(tally.test("line " + (i + 1) + ": " + input + " -> " + expected, () -> {
                if (expected.equals("error")) {
                    assertThrows(ShellExpansionException.class,
                            () -> lexer.processWord(input, ENV_VAR_TEST_ENV), input);
                } else {
                    assertEquals(expected, lexer.processWord(input, ENV_VAR_TEST_ENV), input);
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> wordsTest() throws IOException {
        List<String> lines = lines("buildkit/shell/wordsTest");
        Tally tally = tally("buildkit wordsTest");
        Map<String, String> env = new LinkedHashMap<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("ENV ")) {
                String assignment = line.substring(3).replaceFirst("^ +", "");
                int eq = assignment.indexOf('=');
                env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
                continue;
            }
            String[] fields = line.split("\\|", -1);
            if (fields.length != 2) {
                fail("wordsTest line " + (i + 1) + ": expected exactly one |: " + line);
            }
            String input = fields[0].trim();
            List<String> expected = Arrays.asList(fields[1].replaceFirst("^ +", "").split(",", -1));
            Map<String, String> snapshot = Map.copyOf(env);
            tests.add(tally.test("line " + (i + 1) + ": " + input, () -> {
                List<String> actual;
                try {
                    actual = lexer.processWords(input, snapshot);
                } catch (ShellExpansionException e) {
                    actual = List.of("error");
                }
                assertEquals(expected, actual, input);
            }));
        }
        return tests.stream();
    }

    @AfterAll
    void printSummary() {
        tallies.forEach((name, tally) -> System.out.println(name + ": " + tally));
    }

    private Tally tally(String name) {
        return tallies.computeIfAbsent(name, n -> new Tally());
    }

    private static List<String> lines(String relative) throws IOException {
        Path file = ConformanceFolder.require(relative);
        return Files.readString(file, StandardCharsets.UTF_8).lines().toList();
    }

    /** Counts passing vectors so the summary shows conformance, not just JUnit's totals. */
    private static final class Tally {
        private final AtomicInteger total = new AtomicInteger();
        private final AtomicInteger passed = new AtomicInteger();

        DynamicTest test(String name, Executable body) {
            total.incrementAndGet();
            return DynamicTest.dynamicTest(name, () -> {
                body.execute();
                passed.incrementAndGet();
            });
        }

        @Override
        public String toString() {
            return passed.get() + "/" + total.get();
        }
    }
}
