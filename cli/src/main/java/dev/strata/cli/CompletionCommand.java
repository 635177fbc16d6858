package dev.strata.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code strata completion bash|zsh}: prints a shell completion script (picocli's generator). */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = "Print a completion script for bash or zsh.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  source <(strata completion bash)",
            "  strata completion zsh > \"${fpath[1]}/_strata\"",
            "  echo 'source <(strata completion bash)' >> ~/.bashrc"
        })
final class CompletionCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash("strata", root);
        PrintWriter out = spec.commandLine().getOut();
        switch (shell) {
            case "bash" -> out.print(script);
            case "zsh" -> {
                // picocli's script is bash; zsh runs it through bashcompinit
                out.println("autoload -U +X compinit && compinit");
                out.println("autoload -U +X bashcompinit && bashcompinit");
                out.print(script);
            }
            default -> throw new UsageException("error: unsupported shell \"" + shell + "\" (expected bash or zsh)");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
