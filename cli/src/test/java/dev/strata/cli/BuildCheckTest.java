package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata build --check}, and check warnings during real builds. */
class BuildCheckTest {
    @TempDir
    Path tmp;

    private Path context(String dockerfile) throws IOException {
        Path ctx = tmp.resolve("ctx");
        Files.createDirectories(ctx);
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        Files.writeString(ctx.resolve("hello.txt"), "hello\n");
        return ctx;
    }

    private CliRun build(Path ctx, String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "build";
        args[1] = "--root";
        args[2] = tmp.resolve("store").toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        args[args.length - 1] = ctx.toString();
        return CliRun.of(args);
    }

    @Test
    void checkOnlyPrintsWarningsAndExitsOneWhenItFindsAny() throws IOException {
        Path ctx = context("""
                FROM scratch as base
                COPY hello.txt /
                CMD /hello.txt
                """);
        CliRun run = build(ctx, "--check");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("""
                Dockerfile:1: WARN FromAsCasing: 'as' and 'FROM' keywords' casing do not match
                  https://docs.docker.com/go/dockerfile/rule/from-as-casing/
                Dockerfile:3: WARN JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals
                  https://docs.docker.com/go/dockerfile/rule/json-args-recommended/

                Check complete, 2 warnings have been found!
                """, run.out());
        assertFalse(Files.exists(tmp.resolve("store")), "--check builds nothing");
    }

    @Test
    void checkReportsWhatTheBuildWouldRefuseAsAnError() throws IOException {
        CliRun run = build(context("FROM scratch as base\nWORKDIR --foo /x\n"), "--check");
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.out().endsWith("""
                Check complete, 1 warning has been found!
                error: Dockerfile:2: unknown flag: --foo
                """), run.out());
        run = build(context("RUN echo hi\n"), "--check");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("Check complete, no warnings found.\nerror: Dockerfile:1: no build stage in current context\n", run.out());
    }

    @Test
    void undefinedVarKnowsTheEnvironmentOfANamedLayoutBase() throws IOException {
        Path baseCtx = tmp.resolve("basectx");
        Files.createDirectories(baseCtx);
        Files.writeString(baseCtx.resolve("Dockerfile"), "FROM scratch\nENV FROM_BASE=1\n");
        Path layout = tmp.resolve("base-layout");
        CliRun base = CliRun.of("build", "--root", tmp.resolve("basestore").toString(), "--progress=quiet",
                "-t", "base:1", "-o", "type=oci,dest=" + layout + ",tar=false", baseCtx.toString());
        assertEquals(0, base.exitCode(), base.err());

        Path ctx = context("""
                FROM base
                ENV A=$FROM_BASE B=$NOWHERE
                """);
        CliRun run = build(ctx, "--check", "--build-context", "base=oci-layout://" + layout);
        assertEquals(1, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("WARN UndefinedVar: Usage of undefined variable '$NOWHERE'"), run.out());
        assertFalse(run.out().contains("FROM_BASE"), run.out());
    }

    @Test
    void checkWithATargetLooksAtTheStagesItNeeds() throws IOException {
        Path ctx = context("""
                FROM scratch AS unused
                CMD /hello.txt
                FROM scratch AS app
                COPY hello.txt /
                """);
        assertEquals(1, build(ctx, "--check").exitCode());
        CliRun run = build(ctx, "--check", "--target", "app");
        assertEquals(0, run.exitCode(), run.out());
        assertEquals("Check complete, no warnings found.\n", run.out());
    }

    @Test
    void checkOfACleanDockerfileExitsZero() throws IOException {
        CliRun run = build(context("FROM scratch\nCOPY hello.txt /\nCMD [\"/hello.txt\"]\n"), "--check");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("Check complete, no warnings found.\n", run.out());
    }

    @Test
    void checkOfABrokenDockerfileNamesTheLine() throws IOException {
        CliRun run = build(context("FROM scratch\nRUNN true\n"), "--check");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("Dockerfile:2: "), run.err());
    }

    @Test
    void buildPrintsWarningsAfterTheProgressAndSucceeds() throws IOException {
        CliRun run = build(context("FROM scratch\nCOPY hello.txt /\nCMD /hello.txt\n"), "--progress=plain",
                "-t", "warned:1");
        assertEquals(0, run.exitCode(), run.err());
        String[] lines = run.err().strip().split("\n");
        assertEquals("Dockerfile:3: WARN JSONArgsRecommended: JSON arguments recommended for CMD to prevent "
                + "unintended behavior related to OS signals", lines[lines.length - 1], run.err());
        assertTrue(run.err().contains("COPY hello.txt /"), run.err());
    }

    @Test
    void errorTrueFailsTheBuildBeforeAnyStep() throws IOException {
        CliRun run = build(context("# check=error=true\nFROM scratch\nCOPY hello.txt /\nCMD /hello.txt\n"),
                "--progress=plain", "-t", "strict:1");
        assertEquals(1, run.exitCode(), run.err());
        assertFalse(run.err().contains("COPY hello.txt"), run.err());
        assertTrue(run.err().contains("Dockerfile:4: WARN JSONArgsRecommended: "), run.err());
        assertTrue(run.err().contains("error: lint violation found for rules: JSONArgsRecommended"), run.err());
    }

    @Test
    void skipDirectiveSilencesABuild() throws IOException {
        CliRun run = build(context("# check=skip=JSONArgsRecommended\nFROM scratch\nCMD /hello.txt\n"),
                "--progress=plain");
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.err().contains("WARN"), run.err());
    }
}
