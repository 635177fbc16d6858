package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dockerfiles that make variables grow (doubling ARGs, thousands of copies of a large value, a
 * 100,000-variable environment) fail at their line, quickly and in one line, instead of filling
 * the heap or letting runc fail a RUN minutes later with "argument list too long".
 */
class VariableLimitsTest {
    @TempDir
    Path tmp;

    private String fail(String dockerfile) throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", dockerfile);
        return assertThrows(BuildException.class, () -> TestBuild.run(ctx, tmp.resolve("store"), b -> { })).getMessage();
    }

    private static String doubling(int times) {
        return "ARG a0=xxxxxxxxxxxxxxxx\n" + IntStream.rangeClosed(1, times)
                .mapToObj(i -> "ARG a" + i + "=${a" + (i - 1) + "}${a" + (i - 1) + "}\n").collect(Collectors.joining());
    }

    @Test
    void doublingArgsStopAtOneMebibytePerWord() throws IOException {
        assertEquals("Dockerfile:19: failed to process \"${a16}${a16}\": expands to more than 1 MiB",
                fail("FROM scratch\n" + doubling(39)));
    }

    @Test
    void copiesOfALargeValueStopAtEightMebibytesPerStage() throws IOException {
        String copies = IntStream.range(0, 3000).mapToObj(i -> "ARG b" + i + "=$a16\n").collect(Collectors.joining());
        assertEquals("Dockerfile:24: ARG b5 makes the stage's variables (ENV and ARG values) larger than 8 MiB;"
                + " no process could be started with them", fail("FROM scratch\n" + doubling(16) + copies));
    }

    @Test
    void copiesIntoLabelsStopAt64MebibytesOfSubstitution() throws IOException {
        String labels = IntStream.range(0, 3000).mapToObj(i -> "LABEL b" + i + "=$a16\n").collect(Collectors.joining());
        assertEquals("Dockerfile:81: failed to process \"$a16\": variable expansion has substituted more than 64 MiB"
                + " in this Dockerfile", fail("FROM scratch\n" + doubling(16) + labels));
    }

    @Test
    void globalArgsAreBoundedToo() throws IOException {
        String copies = IntStream.range(0, 3000).mapToObj(i -> "ARG b" + i + "=$a16\n").collect(Collectors.joining());
        assertEquals("Dockerfile:23: ARG b5 makes the global ARG values larger than 8 MiB",
                fail(doubling(16) + copies + "FROM scratch\n"));
    }

    @Test
    void aRunWhoseEnvironmentLinuxWouldRefuseFailsBeforeStarting() throws IOException {
        Tools.require("runc");
        Path layout = BusyboxLayout.create(tmp.resolve("busybox"), "1.0");
        String pairs = IntStream.range(0, 100_000).mapToObj(i -> String.format("V%06d=value-%d", i, i))
                .collect(Collectors.joining(" "));
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM base AS big\nENV " + pairs + "\nFROM big\nRUN env\n");
        String message = assertThrows(BuildException.class, () -> TestBuild.run(ctx, tmp.resolve("store"),
                b -> b.buildContext(NamedContext.parse("base=oci-layout://" + layout + ":1.0")))).getMessage();
        assertTrue(message.matches("Dockerfile:4: RUN cannot start: its environment holds 10000[0-9] variables \\(2\\.[0-9] MiB"
                + " with the command\\), from base image \"big\" and this stage's ENV and ARG; Linux passes at most"
                + " [0-9.]+ MiB of arguments and environment to a process"), message);
    }
}
