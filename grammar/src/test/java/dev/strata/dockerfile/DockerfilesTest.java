package dev.strata.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.dockerfile.model.ArgDeclaration;
import dev.strata.dockerfile.model.Command;
import dev.strata.dockerfile.model.Flag;
import dev.strata.dockerfile.model.Form;
import dev.strata.dockerfile.model.Instruction;
import dev.strata.dockerfile.model.KeyValue;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Typed instructions: what each {@code parseXxx} makes of the raw syntax. */
class DockerfilesTest {

    private static List<Instruction> parse(String content) {
        return Dockerfiles.parse("Dockerfile", content).instructions();
    }

    private static <T extends Instruction> T only(Class<T> type, String line) {
        List<Instruction> all = parse("FROM scratch\n" + line + "\n");
        assertEquals(2, all.size());
        return assertInstanceOf(type, all.get(1));
    }

    @Test
    void fromWithPlatformAndLowerCasedStageName() {
        Instruction.From from = assertInstanceOf(Instruction.From.class,
                parse("from --platform=$BUILDPLATFORM golang:1.22 As Build-Env\n").get(0));
        assertEquals("golang:1.22", from.image());
        assertEquals(Optional.of("build-env"), from.stageName());
        assertEquals(Optional.of("$BUILDPLATFORM"), from.flag("platform"));
        assertEquals("FROM", from.keyword());
        assertEquals("from", from.raw().keyword());
    }

    @Test
    void runShellAndExecForms() {
        Instruction.Run shell = only(Instruction.Run.class, "RUN --mount=type=cache,target=/root/.cache --network=none make  all");
        assertEquals(new Command.Shell("make  all"), shell.command());
        assertEquals(List.of(Flag.of("mount", "type=cache,target=/root/.cache"), Flag.of("network", "none")),
                shell.flags());
        Instruction.Run exec = only(Instruction.Run.class, "RUN [\"sh\", \"-c\", \"echo \\\"hi\\\" \\u00e9\"]");
        assertEquals(new Command.Exec(List.of("sh", "-c", "echo \"hi\" é")), exec.command());
    }

    @Test
    void brokenJsonAndTextAfterTheArrayAreShellFormLikeBuildKit() {
        assertEquals(new Command.Shell("['sh', '-c']"), only(Instruction.Cmd.class, "CMD ['sh', '-c']").command());
        assertEquals(new Command.Shell("[\"sh\", \"-c\""), only(Instruction.Cmd.class, "CMD [\"sh\", \"-c\"").command());
        // BuildKit's testInvalidJSONCommands; kaniko's Dockerfile_test_cmd ends its ENTRYPOINT with a "# comment"
        assertEquals(new Command.Shell("[\"a\"] trailing"), only(Instruction.Cmd.class, "CMD [\"a\"] trailing").command());
        assertEquals(new Command.Shell("[]random string"), only(Instruction.Entrypoint.class, "ENTRYPOINT []random string").command());
        assertEquals(new Command.Shell("[\"a\", 1] # not JSON"), only(Instruction.Cmd.class, "CMD [\"a\", 1] # not JSON").command());
        assertEquals(new Command.Exec(List.of("a")), only(Instruction.Cmd.class, "CMD [\"a\"]   ").command());
        assertEquals(new Command.Exec(List.of()), only(Instruction.Cmd.class, "CMD []").command());
    }

    @Test
    void flagsBareQuotedAndTheDoubleDashTerminator() {
        Instruction.Copy copy = only(Instruction.Copy.class, "COPY --link --chown=\"a b\" -- --weird /dst/");
        assertEquals(List.of(Flag.of("link", null), Flag.of("chown", "a b")), copy.flags());
        assertEquals(List.of("--weird"), copy.sources());
        assertEquals("/dst/", copy.destination());
        assertEquals(Optional.of(""), copy.flag("link"));
    }

    @Test
    void envNewAndLegacyFormsKeepValuesRaw() {
        Instruction.Env env = only(Instruction.Env.class, "ENV A=1 B=\"two words\" C=x\\ y");
        assertEquals(List.of(new KeyValue("A", "1"), new KeyValue("B", "\"two words\""), new KeyValue("C", "x\\ y")),
                env.variables());
        assertFalse(env.legacyForm());
        Instruction.Env legacy = only(Instruction.Env.class, "ENV PATH /usr/bin:$PATH  and more");
        assertEquals(List.of(new KeyValue("PATH", "/usr/bin:$PATH  and more")), legacy.variables());
        assertTrue(legacy.legacyForm());
    }

    @Test
    void labelAndArg() {
        Instruction.Label label = only(Instruction.Label.class, "LABEL org.opencontainers.image.title=\"Strata\" v=1");
        assertEquals(List.of(new KeyValue("org.opencontainers.image.title", "\"Strata\""), new KeyValue("v", "1")),
                label.labels());
        Instruction.Arg arg = only(Instruction.Arg.class, "ARG VERSION=1.0 TARGETOS empty=");
        assertEquals(List.of(new ArgDeclaration("VERSION", Optional.of("1.0")),
                new ArgDeclaration("TARGETOS", Optional.empty()), new ArgDeclaration("empty", Optional.of(""))),
                arg.declarations());
    }

    @Test
    void wordListInstructions() {
        assertEquals(List.of("80/tcp", "${PORT}"), only(Instruction.Expose.class, "EXPOSE 80/tcp \t${PORT}").ports());
        assertEquals(List.of("/a", "/b c"), only(Instruction.Volume.class, "VOLUME [\"/a\", \"/b c\"]").paths());
        assertEquals(List.of("/a", "/b"), only(Instruction.Volume.class, "VOLUME /a /b").paths());
        assertEquals("app:app", only(Instruction.User.class, "USER app:app").user());
        assertEquals("/my dir", only(Instruction.Workdir.class, "WORKDIR /my dir").path());
        assertEquals("SIGTERM", only(Instruction.Stopsignal.class, "STOPSIGNAL SIGTERM").signal());
        assertEquals("Jane <j@example.org>", only(Instruction.Maintainer.class, "MAINTAINER Jane <j@example.org>").name());
        assertEquals(List.of("/bin/bash", "-c"), only(Instruction.Shell.class, "SHELL [\"/bin/bash\", \"-c\"]").shell());
    }

    @Test
    void copyAndAddInJsonForm() {
        Instruction.Add add = only(Instruction.Add.class, "ADD [\"a b\", \"c\", \"/d/\"]");
        assertEquals(List.of("a b", "c"), add.sources());
        assertEquals("/d/", add.destination());
        assertEquals(Form.EXEC, add.raw().form());
    }

    @Test
    void healthcheckNoneAndCmdWithDurationFlags() {
        assertEquals(Optional.empty(), only(Instruction.Healthcheck.class, "HEALTHCHECK none").command());
        Instruction.Healthcheck h = only(Instruction.Healthcheck.class,
                "HEALTHCHECK --interval=5s --retries=3 CMD curl -f http://localhost/");
        assertEquals(Optional.of(new Command.Shell("curl -f http://localhost/")), h.command());
        assertEquals(Optional.of("5s"), h.flag("interval"));
        assertEquals(Optional.of(new Command.Exec(List.of("true"))),
                only(Instruction.Healthcheck.class, "HEALTHCHECK cmd [\"true\"]").command());
    }

    @Test
    void onbuildNestsATypedTrigger() {
        Instruction.Onbuild onbuild = only(Instruction.Onbuild.class, "ONBUILD copy --chown=1 . /app");
        Instruction.Copy trigger = assertInstanceOf(Instruction.Copy.class, onbuild.trigger());
        assertEquals("/app", trigger.destination());
        assertEquals(Optional.of("1"), trigger.flag("chown"));
        assertEquals("copy", onbuild.raw().trigger().orElseThrow().keyword());
        assertEquals(List.of(), onbuild.raw().args());
    }

    @Test
    void backtickEscapeContinuesLinesAndBackslashIsOrdinary() {
        ParseResult result = Dockerfiles.parse("Dockerfile",
                "# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir c:\\ `\n    && echo done\n");
        assertEquals('`', result.directives().escape());
        Instruction.Run run = assertInstanceOf(Instruction.Run.class, result.instructions().get(1));
        assertEquals(new Command.Shell("dir c:\\     && echo done"), run.command());
        assertEquals(3, run.location().startLine());
        assertEquals(4, run.location().endLine());
    }

    @Test
    void commentsAndBlankLinesInsideAContinuation() {
        ParseResult result = Dockerfiles.parse("Dockerfile",
                "FROM a\nRUN apt-get update && \\\n  # a comment\\\n\n  apt-get install -y x \\  \n\n");
        Instruction.Run run = (Instruction.Run) result.instructions().get(1);
        assertEquals(new Command.Shell("apt-get update &&   apt-get install -y x"), run.command());
        assertEquals(2, run.location().startLine());
        assertEquals(6, run.location().endLine());
        assertEquals(1, result.warnings().size(), "the blank line inside the continuation is reported");
        assertEquals(2, result.warnings().get(0).location().startLine());
    }

    @Test
    void crlfBomAndKeywordCase() {
        ParseResult result = Dockerfiles.parse("Dockerfile", "\uFEFFfRoM a\r\nrun echo \\\r\n  b\r\n");
        assertEquals(List.of("FROM", "RUN"), result.instructions().stream().map(Instruction::keyword).toList());
        assertEquals(new Command.Shell("echo   b"), ((Instruction.Run) result.instructions().get(1)).command());
    }
}
