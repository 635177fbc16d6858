package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionCommandTest {
    @TempDir
    Path dir;

    @Test
    void bashScriptCompletesSubcommandsInARealBash() throws IOException, InterruptedException {
        CliRun run = CliRun.of("completion", "bash");
        assertEquals(0, run.exitCode(), run.err());
        Path script = dir.resolve("strata.bash");
        Files.writeString(script, run.out());
        // ask bash itself what "strata pa<TAB>" completes to
        Process p = new ProcessBuilder("bash", "-c", "source " + script
                + " && COMP_WORDS=(strata pa) && COMP_CWORD=1 && COMP_LINE='strata pa' && COMP_POINT=9"
                + " && _complete_strata && printf '%s\\n' \"${COMPREPLY[@]}\"")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals("parse", out.strip(), out);
    }

    @Test
    void zshScriptLoadsBashCompletionFirst() {
        CliRun run = CliRun.of("completion", "zsh");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit"));
        assertTrue(run.out().contains("complete -F _complete_strata"), run.out());
    }

    @Test
    void otherShellsAreAUsageError() {
        CliRun run = CliRun.of("completion", "fish");
        assertEquals(2, run.exitCode());
        assertEquals("error: unsupported shell \"fish\" (expected bash or zsh)\n", run.err());
    }
}
