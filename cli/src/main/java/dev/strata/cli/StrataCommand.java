package dev.strata.cli;

import dev.strata.builder.api.DisplayText;
import dev.strata.dockerfile.DockerfileException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The top-level {@code strata} command; the work is done by its subcommands. Its options are
 * declared in {@link #spec()}, without annotations (see {@link Options}).
 */
public final class StrataCommand implements Runnable {

    /*
     * The subcommands in the order `strata --help` lists them. They are added by hand, not through
     * @Command(subcommands=...), because picocli builds the model of every declared subcommand by
     * reflection at each start; a run that names its subcommand builds only that one's.
     */
    private static final List<String> SUBCOMMANDS = List.of("parse", "build", "images", "inspect", "history", "tag", "rmi",
            "save", "load", "prune", "fsck", "push", "pull", "completion", "help");
    private static final java.util.Set<String> NO_STORE = java.util.Set.of("parse", "completion", "help");

    /** A new instance of subcommand {@code name}: its annotated object, or {@code build}'s spec. */
    private static Object subcommand(String name) {
        return switch (name) {
            case "parse" -> new ParseCommand();
            case "build" -> new BuildCommand().spec();
            case "images" -> new ImagesCommand();
            case "inspect" -> new InspectCommand();
            case "history" -> new HistoryCommand();
            case "tag" -> new TagCommand();
            case "rmi" -> new RmiCommand();
            case "save" -> new SaveCommand();
            case "load" -> new LoadCommand();
            case "prune" -> new PruneCommand();
            case "fsck" -> new FsckCommand();
            case "push" -> new PushCommand();
            case "pull" -> new PullCommand();
            case "completion" -> new CompletionCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    private CommandSpec spec;

    /** This command's model: name, description, {@code --debug} (every subcommand has it), help and version. */
    CommandSpec spec() {
        spec = CommandSpec.wrapWithoutInspection(this);
        spec.name("strata").versionProvider(new VersionProvider());
        spec.usageMessage().description("Builds OCI images from Dockerfiles, without a daemon.");
        Options.standardHelp(spec);
        spec.addOption(OptionSpec.builder("--debug").type(boolean.class).arity("0").scopeType(CommandLine.ScopeType.INHERIT)
                .description("Print stack traces for errors.").build());
        return spec;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command, e.g. 'strata parse Dockerfile'");
    }

    /** A command line with every subcommand, Strata's exit codes and one-line error rendering. */
    public static CommandLine newCommandLine() {
        return newCommandLine(SUBCOMMANDS);
    }

    /**
     * A command line for {@code args}: with only the subcommand they invoke when that is clear from
     * them (its name is the first argument that is not {@code --debug}), with none for a bare
     * {@code --version}, and with all of them otherwise (help, completion, a mistyped name that needs
     * suggestions, a missing command).
     */
    public static CommandLine newCommandLine(String[] args) {
        return newCommandLine(subcommandsFor(args));
    }

    static Collection<String> subcommandsFor(String[] args) {
        List<String> rest = withoutDebug(args);
        if (rest.equals(List.of("--version")) || rest.equals(List.of("-V"))) {
            return List.of();
        }
        if (!rest.isEmpty() && SUBCOMMANDS.contains(rest.get(0))
                && !rest.get(0).equals("help") && !rest.get(0).equals("completion")) {
            return List.of(rest.get(0));
        }
        return SUBCOMMANDS;
    }

    /** Whether {@code args} run a subcommand that reads or writes the store (not help, parse or completion). */
    static boolean touchesStore(String[] args) {
        return invoked(args).filter(name -> !NO_STORE.contains(name)).isPresent();
    }

    /** Whether {@code args} run a build (not its help). */
    static boolean builds(String[] args) {
        return invoked(args).filter("build"::equals).isPresent();
    }

    /** The subcommand {@code args} run: the first argument that is not {@code --debug}, unless they ask for help. */
    private static Optional<String> invoked(String[] args) {
        List<String> rest = withoutDebug(args);
        if (rest.isEmpty() || !SUBCOMMANDS.contains(rest.get(0))
                || rest.stream().anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            return Optional.empty();
        }
        return Optional.of(rest.get(0));
    }

    private static List<String> withoutDebug(String[] args) {
        return Arrays.stream(args).filter(a -> !a.equals("--debug")).toList();
    }

    private static CommandLine newCommandLine(Collection<String> names) {
        CommandLine cl = new CommandLine(new StrataCommand().spec());
        for (String name : names) {
            cl.addSubcommand(name, subcommand(name));
        }
        cl.setExitCodeExceptionMapper(StrataCommand::exitCode);
        cl.setExecutionExceptionHandler(StrataCommand::handleExecutionException);
        cl.setParameterExceptionHandler(StrataCommand::handleParameterException);
        return cl;
    }

    private static int exitCode(Throwable t) {
        return t instanceof DockerfileException ? ExitCodes.FAILED : ExitCodes.USAGE;
    }

    private static int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean debug = parsed.matchedOption("--debug") != null
                || parsed.subcommands().stream().anyMatch(p -> p.matchedOption("--debug") != null);
        if (debug) {
            e.printStackTrace(err);
        }
        // messages may quote a registry, a file name or a URL: printed without terminal controls or credentials
        if (e instanceof DockerfileException || e instanceof UserException) {
            err.println(DisplayText.oneLine(e.getMessage()));
        } else {
            err.println(DisplayText.oneLine(oneLine(e)));
        }
        err.flush();
        return e instanceof UsageException ? ExitCodes.USAGE : ExitCodes.FAILED;
    }

    /**
     * An unexpected failure as one line: what it is, not a stack trace. A Java error (stack or
     * heap exhausted) says so and how to get the trace; its message may span lines.
     */
    static String oneLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root
                && (root instanceof java.util.concurrent.ExecutionException
                        || root instanceof java.util.concurrent.CompletionException
                        || root instanceof CommandLine.ExecutionException)) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("").strip();
        if (root instanceof StackOverflowError) {
            return "error: internal error: the input nests too deeply (stack overflow); run with --debug for the stack trace"
                    + " and report it";
        }
        if (root instanceof OutOfMemoryError) {
            return "error: out of memory (" + (message.isEmpty() ? "Java heap" : message) + "); give the JVM more with"
                    + " STRATA_JAVA_OPTS=-Xmx..., or report the input that needs this much";
        }
        if (root instanceof Error) {
            return "error: internal error: " + root.getClass().getName() + (message.isEmpty() ? "" : ": " + message)
                    + "; run with --debug for the stack trace";
        }
        return "error: " + root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
