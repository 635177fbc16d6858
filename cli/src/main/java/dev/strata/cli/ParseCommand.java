package dev.strata.cli;

import dev.strata.dockerfile.Dockerfiles;
import dev.strata.dockerfile.ParseResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code strata parse}: shows how Strata reads a Dockerfile, without building anything. */
@Command(
        name = "parse",
        mixinStandardHelpOptions = true,
        description = "Parse a Dockerfile and print its instructions.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  strata parse Dockerfile",
            "  strata parse -f build/Dockerfile.dev --json",
            "  cat Dockerfile | strata parse -f -"
        })
final class ParseCommand implements Callable<Integer> {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Dockerfile to parse ('-' reads standard input). Default: ./Dockerfile")
    String file;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Dockerfile to parse (same as -f).")
    String positional;

    @Option(names = "--json", description = "Print one JSON document instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (file != null && positional != null && !file.equals(positional)) {
            throw new UsageException("error: give the Dockerfile either with -f or as an argument, not both");
        }
        String source = file != null ? file : positional != null ? positional : "Dockerfile";
        ParseResult result = "-".equals(source)
                ? Dockerfiles.parse("Dockerfile", System.in.readAllBytes())
                : Dockerfiles.parse(source, readFile(Path.of(source)));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ParseJson.render(result));
        } else {
            ParseTable.render(result, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static byte[] readFile(Path path) throws IOException {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new UserException("error: Dockerfile not found: " + path);
        }
    }
}
