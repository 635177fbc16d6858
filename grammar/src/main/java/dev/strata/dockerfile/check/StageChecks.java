package dev.strata.dockerfile.check;

import dev.strata.dockerfile.model.ArgDeclaration;
import dev.strata.dockerfile.model.Command;
import dev.strata.dockerfile.model.Heredoc;
import dev.strata.dockerfile.model.Instruction;
import dev.strata.dockerfile.model.KeyValue;
import dev.strata.dockerfile.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks BuildKit runs while converting a stage's instructions, in the same walk: the
 * environment is tracked so that UndefinedVar sees what BuildKit sees. Not thread-safe; one
 * per stage.
 */
final class StageChecks {
    private static final Pattern SECRET = Pattern.compile(
            "(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)");
    private static final Pattern NOT_SECRET = Pattern.compile("(?i)(?:_|^)(?:public|file|version)(?:_|$)");

    private final StageState state;
    private final Map<String, String> globalArgs;
    private final Map<String, String> buildArgs;
    private final Expander expander;
    private final Reporter reporter;
    private final Optional<ContextIgnore> dockerignore;
    private SourceLocation cmd;
    private SourceLocation entrypoint;
    private SourceLocation healthcheck;

    StageChecks(StageState state, StageContext context) {
        this.state = state;
        this.globalArgs = context.globalArgs();
        this.buildArgs = context.buildArgs();
        this.reporter = context.reporter();
        this.dockerignore = context.dockerignore();
        this.expander = new Expander(context.lexer(), state, reporter);
    }

    /** Walks the stage's instructions; the state is left as the stage ends. */
    void run(List<Instruction> commands) {
        for (Instruction instruction : commands) {
            dispatch(instruction);
        }
    }

    private void dispatch(Instruction instruction) {
        SourceLocation at = instruction.location();
        String name = instruction.raw().keyword();
        if (instruction instanceof Instruction.Arg arg) {
            arg.declarations().forEach(d -> arg(d, at));
        } else if (instruction instanceof Instruction.Env env) {
            env(env, at, name);
        } else if (instruction instanceof Instruction.Label label) {
            label(label, at, name);
        } else if (instruction instanceof Instruction.Copy copy) {
            instruction.flag("chown").ifPresent(w -> expander.expand(w, at));
            copy(copy.sources(), copy.destination(), copy.heredocs(), at,
                    instruction.flag("from").isEmpty() ? Optional.of("Copy") : Optional.empty());
        } else if (instruction instanceof Instruction.Add add) {
            instruction.flag("chown").ifPresent(w -> expander.expand(w, at));
            instruction.flag("checksum").ifPresent(w -> expander.expand(w, at));
            copy(add.sources(), add.destination(), add.heredocs(), at, Optional.of("Add"));
        } else if (instruction instanceof Instruction.Workdir workdir) {
            workdir(workdir, at);
        } else if (instruction instanceof Instruction.User user) {
            expander.expand(user.user(), at);
        } else if (instruction instanceof Instruction.Volume volume) {
            volume.paths().forEach(p -> expander.expand(p, at));
        } else if (instruction instanceof Instruction.Stopsignal signal) {
            expander.expand(signal.signal(), at);
        } else if (instruction instanceof Instruction.Run run) {
            run.flags().stream()
                    .filter(f -> f.name().equals("mount"))
                    .forEach(f -> f.value().ifPresent(v -> expander.expand(v, at)));
        } else if (instruction instanceof Instruction.Cmd c) {
            cmd = usedOnce(cmd, at, name);
            jsonArgs(c.command(), at, name);
        } else if (instruction instanceof Instruction.Entrypoint e) {
            entrypoint = usedOnce(entrypoint, at, name);
            jsonArgs(e.command(), at, name);
        } else if (instruction instanceof Instruction.Healthcheck) {
            healthcheck = usedOnce(healthcheck, at, name);
        } else if (instruction instanceof Instruction.Shell shell) {
            state.shellSet = !shell.shell().isEmpty();
        } else if (instruction instanceof Instruction.Expose expose) {
            expose.ports().forEach(p -> expander.words(p).forEach(port -> ExposeCheck.check(port, at, reporter)));
        }
        // FROM, MAINTAINER, ONBUILD: nothing to check while converting
    }

    private void arg(ArgDeclaration d, SourceLocation at) {
        secret("ARG", d.name(), at);
        String value = null;
        if (buildArgs.containsKey(d.name())) {
            value = buildArgs.get(d.name());
        } else if (d.defaultValue().isPresent()) {
            value = expander.expand(d.defaultValue().get(), at).orElse(null);
        } else if (globalArgs.containsKey(d.name())) {
            value = globalArgs.get(d.name());
        }
        if (value != null && !Expander.NON_ENV_ARGS.contains(d.name())) {
            state.set(d.name(), value);
        }
        state.argNames.add(d.name());
    }

    private void env(Instruction.Env env, SourceLocation at, String name) {
        // every word is expanded before any variable of the instruction is set
        List<String[]> pairs = new ArrayList<>();
        for (KeyValue kv : env.variables()) {
            String key = expander.expand(kv.key(), at).orElse(kv.key());
            String value = expander.expand(kv.value(), at).orElse(kv.value());
            pairs.add(new String[] {key, value});
        }
        for (String[] pair : pairs) {
            if (env.legacyForm()) {
                legacy(at, name);
            }
            secret("ENV", pair[0], at);
            state.set(pair[0], pair[1]);
        }
    }

    private void label(Instruction.Label label, SourceLocation at, String name) {
        for (KeyValue kv : label.labels()) {
            expander.expand(kv.key(), at);
            expander.expand(kv.value(), at);
        }
        if (!label.labels().isEmpty() && LegacyForm.isLegacy(label.raw().text(), expander.escape())) {
            legacy(at, name);
        }
    }

    private void legacy(SourceLocation at, String name) {
        reporter.report(CheckRule.LEGACY_KEY_VALUE_FORMAT, at,
                "\"" + name + " key=value\" should be used instead of legacy \"" + name + " key value\" format");
    }

    private void secret(String instruction, String key, SourceLocation at) {
        if (SECRET.matcher(key).find() && !NOT_SECRET.matcher(key).find()) {
            reporter.report(CheckRule.SECRETS_USED_IN_ARG_OR_ENV, at,
                    "Do not use ARG or ENV instructions for sensitive data (" + instruction + " " + Texts.quote(key) + ")");
        }
    }

    private void copy(List<String> sources, String destination, List<Heredoc> heredocs, SourceLocation at,
            Optional<String> contextVerb) {
        List<String> expanded = new ArrayList<>();
        for (String source : sources) {
            if (!isHeredocMarker(source, heredocs)) {
                expanded.add(expander.expand(source, at).orElse(source));
            }
        }
        expander.expand(destination, at);
        heredocs.stream().filter(Heredoc::expand).forEach(h -> expander.expandHeredoc(h.content(), at));
        contextVerb.ifPresent(verb -> dockerignore.ifPresent(ignore ->
                expanded.forEach(src -> CopyIgnoredCheck.check(verb, src, ignore, at, reporter))));
    }

    private static boolean isHeredocMarker(String source, List<Heredoc> heredocs) {
        return source.startsWith("<<") && !heredocs.isEmpty();
    }

    /**
     * BuildKit's {@code system.IsAbs}: on Windows a drive letter (only {@code C:}) is dropped and
     * backslashes count as slashes, so {@code C:\app} and {@code \app} are absolute;
     * {@code C:app}, another drive and UNC paths are not.
     */
    static boolean isAbsolute(String path, String os) {
        if (!os.equals("windows")) {
            return path.startsWith("/");
        }
        String p = path.replace('\\', '/');
        if ((p.length() == 2 && p.charAt(1) == ':') || p.startsWith("//")) {
            return false;
        }
        int colon = p.indexOf(':');
        if (colon >= 0) {
            if (!p.substring(0, colon).equalsIgnoreCase("c")) {
                return false;
            }
            p = p.substring(colon + 1);
        }
        return p.startsWith("/");
    }

    private void workdir(Instruction.Workdir workdir, SourceLocation at) {
        String path = expander.expand(workdir.path(), at).orElse(workdir.path());
        if (!state.workdirSet && !isAbsolute(path, state.os)) {
            reporter.report(CheckRule.WORKDIR_RELATIVE_PATH, at,
                    "Relative workdir " + Texts.quote(path) + " can have unexpected results if the base image changes");
        }
        state.workdirSet = true;
    }

    /** Reports the earlier instruction, the one whose setting is lost. */
    private SourceLocation usedOnce(SourceLocation previous, SourceLocation at, String name) {
        if (previous != null) {
            reporter.report(CheckRule.MULTIPLE_INSTRUCTIONS_DISALLOWED, previous, "Multiple " + name
                    + " instructions should not be used in the same stage because only the last one will be used");
        }
        return at;
    }

    private void jsonArgs(Command command, SourceLocation at, String name) {
        if (command instanceof Command.Shell && !state.shellSet) {
            reporter.report(CheckRule.JSON_ARGS_RECOMMENDED, at,
                    "JSON arguments recommended for " + name + " to prevent unintended behavior related to OS signals");
        }
    }
}
