package dev.strata.dockerfile.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.dockerfile.directive.DirectiveException;
import dev.strata.dockerfile.directive.DirectiveScanner;
import dev.strata.dockerfile.model.RawInstruction;
import dev.strata.dockerfile.shell.ConformanceFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * BuildKit's parser fixtures ({@code shared/conformance/buildkit/parser}): every positive case dumps
 * byte for byte like upstream's {@code result}, every negative case fails, and the line test has its
 * three ranges. Prints the counts so they show in the build output.
 */
class BuildkitParserFixturesTest {
    private static final AtomicInteger PASSED = new AtomicInteger();
    private static final AtomicInteger TOTAL = new AtomicInteger();

    @AfterAll
    static void report() {
        if (TOTAL.get() > 0) {
            System.out.println("buildkit parser fixtures: " + PASSED.get() + "/" + TOTAL.get());
        }
    }

    static List<RawInstruction> parse(Path dockerfile) throws IOException {
        String content = new String(Files.readAllBytes(dockerfile), StandardCharsets.UTF_8);
        char escape = DirectiveScanner.scan(content).escape();
        return DockerfileReader.readRaw("Dockerfile", content, escape).instructions();
    }

    @TestFactory
    Stream<DynamicTest> positiveCasesDumpLikeUpstream() throws IOException {
        Path root = ConformanceFolder.require("buildkit/parser/testfiles");
        return cases(root).stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            TOTAL.incrementAndGet();
            String expected = Files.readString(dir.resolve("result"), StandardCharsets.UTF_8);
            assertEquals(expected, BuildkitDump.dump(parse(dir.resolve("Dockerfile"))));
            PASSED.incrementAndGet();
        }));
    }

    @TestFactory
    Stream<DynamicTest> negativeCasesFail() throws IOException {
        Path root = ConformanceFolder.require("buildkit/parser/testfiles-negative");
        return cases(root).stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            TOTAL.incrementAndGet();
            RuntimeException e = assertThrows(RuntimeException.class, () -> parse(dir.resolve("Dockerfile")));
            assertTrue(e instanceof ParseException || e instanceof DirectiveException, e.toString());
            PASSED.incrementAndGet();
        }));
    }

    @Test
    void lineNumbersSpanContinuationsCommentsAndBlankLines() throws IOException {
        Path file = ConformanceFolder.require("buildkit/parser/testfile-line/Dockerfile");
        TOTAL.incrementAndGet();
        List<RawInstruction> instructions = parse(file);
        List<String> ranges = new ArrayList<>();
        for (RawInstruction raw : instructions) {
            ranges.add(raw.location().startLine() + "-" + raw.location().endLine());
        }
        assertEquals(List.of("5-5", "11-12", "17-31"), ranges);
        PASSED.incrementAndGet();
    }

    private static List<Path> cases(Path root) throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }
}
