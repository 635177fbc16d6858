package dev.strata.dockerfile.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.dockerfile.DockerfileException;
import dev.strata.dockerfile.Dockerfiles;
import dev.strata.dockerfile.model.Command;
import dev.strata.dockerfile.model.Heredoc;
import dev.strata.dockerfile.model.Instruction;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Heredocs, which no BuildKit fixture covers: the forms of the Dockerfile reference. */
class HeredocTest {

    private static Instruction second(String dockerfile) {
        return Dockerfiles.parse("Dockerfile", dockerfile).instructions().get(1);
    }

    private static String describe(List<Heredoc> heredocs) {
        return heredocs.stream()
                .map(h -> h.name() + "|" + h.content().replace("\n", "\\n").replace("\t", "\\t") + "|"
                        + (h.expand() ? "expand" : "literal") + (h.chomp() ? "|chomp" : "")
                        + (h.fileDescriptor() != 0 ? "|fd" + h.fileDescriptor() : ""))
                .collect(Collectors.joining(" ; "));
    }

    /** Each row: the RUN line, the body lines after it (joined by "/"), what the heredocs hold. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', quoteCharacter = '~', value = {
        "RUN <<EOF              # echo a/echo b/EOF        # EOF|echo a\\necho b\\n|expand",
        "RUN <<-EOF             # \techo a/\t\techo b/\tEOF # EOF|echo a\\necho b\\n|expand|chomp",
        "RUN <<'EOF'            # echo $HOME/EOF           # EOF|echo $HOME\\n|literal",
        "RUN <<\"EOF\"          # echo $HOME/EOF           # EOF|echo $HOME\\n|literal",
        "RUN <<E\"O\"F          # x/EOF                    # EOF|x\\n|literal",
        "RUN <<eo\\'f           # x/eo'f                   # eo'f|x\\n|expand",
        "RUN 3<<EOF cat <&3     # x/EOF                    # EOF|x\\n|expand|fd3",
        "RUN <<EOF              # EOF                      # EOF||expand",
        "RUN <<A <<B            # a/A/b/B                  # A|a\\n|expand ; B|b\\n|expand",
        "RUN <<EOF              # not EOF/  EOF/EOF        # EOF|not EOF\\n  EOF\\n|expand",
        "RUN <<-EOF             # \tEOF                    # EOF||expand|chomp",
        "RUN echo <<EOF         # hi/EOF                   # EOF|hi\\n|expand",
    })
    void runHeredocForms(String line, String body, String expected) {
        String dockerfile = "FROM busybox\n" + line.strip() + "\n" + body.replaceAll("^ +| +$", "").replace("/", "\n") + "\n";
        Instruction.Run run = assertInstanceOf(Instruction.Run.class, second(dockerfile));
        assertEquals(expected.strip(), describe(run.heredocs()));
    }

    @Test
    void commandAfterTheMarkerStaysTheShellCommand() {
        Instruction.Run run = (Instruction.Run) second("FROM python\nRUN python3 <<EOF\nprint('hi')\nEOF\nRUN true\n");
        assertEquals(new Command.Shell("python3 <<EOF"), run.command());
        assertEquals("print('hi')\n", run.heredocs().get(0).content());
        assertEquals(2, run.location().startLine());
        assertEquals(4, run.location().endLine(), "the body and the terminator belong to the instruction");
    }

    @Test
    void copyWithTwoHeredocSourcesAndADestination() {
        Instruction.Copy copy = (Instruction.Copy) second("FROM scratch\nCOPY <<a.txt <<b.txt /dir/\nA\na.txt\nB\nb.txt\n");
        assertEquals(List.of("<<a.txt", "<<b.txt"), copy.sources());
        assertEquals("/dir/", copy.destination());
        assertEquals("a.txt|A\\n|expand ; b.txt|B\\n|expand", describe(copy.heredocs()));
        assertEquals(6, copy.location().endLine());
    }

    @Test
    void addTakesHeredocsToo() {
        Instruction.Add add = (Instruction.Add) second("FROM scratch\nADD <<EOF /f\nx\nEOF\n");
        assertEquals("EOF|x\\n|expand", describe(add.heredocs()));
    }

    @Test
    void notAHeredocInJsonFormInQuotesOrOtherInstructions() {
        String dockerfile = """
                FROM busybox
                RUN ["sh", "-c", "cat <<EOF"]
                RUN echo "<<EOF"
                ENV A <<EOF
                LABEL b=<<EOF
                """;
        for (Instruction instruction : Dockerfiles.parse("Dockerfile", dockerfile).instructions()) {
            assertEquals(List.of(), instruction.raw().heredocs(), instruction.toString());
        }
    }

    @Test
    void onbuildTriggerKeepsItsHeredoc() {
        Instruction.Onbuild onbuild = (Instruction.Onbuild) second("FROM busybox\nONBUILD RUN <<EOF\necho later\nEOF\n");
        Instruction.Run trigger = assertInstanceOf(Instruction.Run.class, onbuild.trigger());
        assertEquals("EOF|echo later\\n|expand", describe(trigger.heredocs()));
        assertEquals(4, onbuild.location().endLine());
    }

    @Test
    void bodyKeepsCarriageReturnsAndBlankLines() {
        Instruction.Run run = (Instruction.Run) second("FROM busybox\r\nRUN <<EOF\r\na\r\n\r\nEOF\r\n");
        assertEquals("a\r\n\r\n", run.heredocs().get(0).content());
    }

    @Test
    void continuationBeforeTheMarkerLineIsJoinedFirst() {
        Instruction.Run run = (Instruction.Run) second("FROM busybox\nRUN --mount=type=cache,target=/c \\\n  sh <<EOF\nls\nEOF\n");
        assertEquals(new Command.Shell("sh <<EOF"), run.command());
        assertEquals("type=cache,target=/c", run.flag("mount").orElseThrow());
        assertEquals("EOF|ls\\n|expand", describe(run.heredocs()));
    }

    @Test
    void unterminatedHeredocNamesItsStartLine() {
        String dockerfile = "FROM busybox\n# one\n# two\n# three\n\n\n\n\nRUN <<EOF\necho a\necho b\necho c\n";
        DockerfileException e = assertThrows(DockerfileException.class, () -> Dockerfiles.parse("Dockerfile", dockerfile));
        assertEquals("Dockerfile:12: unterminated heredoc \"EOF\" (started on line 9)", e.getMessage());
    }

    @Test
    void secondOfTwoHeredocsUnterminated() {
        DockerfileException e = assertThrows(DockerfileException.class,
                () -> Dockerfiles.parse("Dockerfile", "FROM busybox\nCOPY <<A <<B /d/\na\nA\nb\n"));
        assertEquals("Dockerfile:5: unterminated heredoc \"B\" (started on line 2)", e.getMessage());
        assertTrue(e.line() == 5);
    }
}
