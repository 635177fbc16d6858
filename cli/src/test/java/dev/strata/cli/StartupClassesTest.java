package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cached rebuild's JVM loads, in a child JVM as {@code ./strata} starts one. Two costs were
 * removed from every start (bench/README.md, issue 12) and must not creep back: databind's
 * {@code ObjectMapper} (~150 ms of CPU with the OCI records' introspection) and annotation proxy
 * classes (picocli's annotations and those it reads on {@code Object}'s methods, ~35 ms).
 */
class StartupClassesTest {
    @TempDir
    Path tmp;

    @Test
    void aCachedRebuildLoadsNeitherDatabindsMapperNorAnnotationProxies() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nENV A=1\nWORKDIR /app\nCOPY a.txt ./\nLABEL x=y\nCMD [\"/app/a.txt\"]\n");
        Files.writeString(ctx.resolve("a.txt"), "a\n");
        build(ctx, tmp.resolve("cold.txt"));
        List<String> classes = build(ctx, tmp.resolve("cached.txt"));

        assertTrue(classes.stream().anyMatch(c -> c.contains("dev.strata.builder.oci.OciCodec")),
                "the class log does not show the build's classes:\n" + String.join("\n", classes.subList(0, Math.min(20, classes.size()))));
        assertEquals(List.of(), classes.stream().filter(c -> c.startsWith("com.fasterxml.jackson.databind.ObjectMapper ")).toList());
        assertEquals(List.of(), classes.stream().filter(c -> c.contains("$Proxy")).toList());
    }

    /** Runs a build in a child JVM; the names of the classes it loaded (with their sources). */
    private List<String> build(Path ctx, Path classLog) throws IOException, InterruptedException {
        AsUid1000.Result result = AsUid1000.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog, "-cp", System.getProperty("java.class.path"), "dev.strata.cli.Main",
                "build", "--root", tmp.resolve("root").toString(), "--progress=quiet", "-t", "startup:1", ctx.toString()),
                tmp, Map.of());
        assertEquals(0, result.exitCode(), result.output());
        // lines look like "[0.123s][info][class,load] name source: ..."
        return Files.readAllLines(classLog).stream()
                .map(line -> line.substring(line.indexOf("] ", line.indexOf("[class,load]")) + 2))
                .toList();
    }
}
