package dev.strata.builder.steps;

import dev.strata.builder.exec.MountSpec;
import dev.strata.builder.exec.Network;
import dev.strata.builder.exec.RunRequest;
import dev.strata.dockerfile.model.Command;
import dev.strata.dockerfile.model.Flag;
import dev.strata.dockerfile.model.Heredoc;
import dev.strata.dockerfile.model.Instruction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code RUN}: shell form through SHELL, exec form as given, heredocs as BuildKit runs them; the
 * environment is ENV plus the args in scope; {@code --mount} and {@code --network}. The command
 * runs only on a cache miss (Docker caches RUN on its text, not its effects).
 */
final class RunStep {
    private static final Pattern HEREDOC_ONLY = Pattern.compile("<<-?([\"']?)([A-Za-z0-9_.-]+)\\1");

    private RunStep() {}

    static void apply(Instruction.Run run, StageState s, StepServices services) {
        List<MountSpec> mounts = new ArrayList<>();
        Optional<Network> network = Optional.empty();
        boolean insecure = false;
        for (Flag f : run.flags()) {
            String value = f.value().map(s::expand).orElse("");
            switch (f.name()) {
                case "mount" -> mounts.add(parseMount(value));
                case "network" -> network = Optional.of(RunSandbox.network(value, services));
                case "security" -> insecure = RunSandbox.insecure(value, services);
                case "device" -> throw new StepException("RUN --" + f.name() + " is not supported by Strata");
                default -> throw new StepException("unknown flag: --" + f.name() + " (RUN accepts --mount, --network, --security)");
            }
        }
        dev.strata.builder.exec.Sandbox sandbox = RunSandbox.of(services.runOptions(), insecure);
        numberSshMounts(mounts);
        List<String> args = commandArgs(run, s);
        Optional<Heredoc> script = shebangScript(run);
        script.ifPresent(doc -> mounts.add(HeredocScripts.mount(doc)));
        List<String> argv = new ArrayList<>();
        if (run.command() instanceof Command.Shell) {
            argv.addAll(s.config.shellOrDefault());
        }
        argv.addAll(args);
        Map<String, String> env = environment(s);
        mounts.stream().filter(m -> m.type() == MountSpec.Type.SSH).findFirst()
                .ifPresent(first -> env.putIfAbsent("SSH_AUTH_SOCK", first.target()));
        List<String> envList = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        StageVariables.checkExec(s, argv, envList, StageVariables.execLimit());
        Network net = network.orElseGet(services::defaultNetwork);
        String text = "RUN " + displayText(run, s);
        LayerStep.Announced step = LayerStep.announce(s, services, text);
        Map<String, Object> doc = LayerStep.keyDocument(s, text);
        doc.put("argv", argv);
        doc.put("runEnv", envList);
        doc.put("network", net.name());
        doc.put("mounts", mounts.stream().map(RunStep::mountIdentity).toList());
        RunSandbox.key(doc, services.runOptions(), sandbox);
        List<String> bindContent = bindMountContent(mounts, services);
        if (!bindContent.isEmpty()) {
            doc.put("bindMounts", bindContent);
        }
        script.ifPresent(h -> doc.put("script", h.content()));
        String createdBy = "RUN " + commandString(argv, s, env);
        RunRequest request = RunRequest.of(argv, envList, s.workingDir(), s.config.user)
                .withNetwork(net).withSandbox(sandbox).withMounts(mounts, script.map(h -> HeredocScripts.sources(services.mountSources(), h))
                        .orElseGet(services::mountSources));
        StepServices.Execution[] execution = new StepServices.Execution[1];
        LayerStep.run(s, services, step, doc, createdBy, () -> {
            try {
                execution[0] = services.execute(s, request, step.number());
            } catch (StepException e) {
                if (e.getCause() instanceof dev.strata.builder.exec.RunFailedException failed) {
                    throw new StepException(e.getMessage(), failed, "process " + GoFormat.quote(String.join(" ", argv))
                            + " did not complete successfully: exit code: " + failed.exitCode());
                }
                throw e;
            }
            return execution[0].changes();
        }, layer -> {
            if (execution[0] != null) {
                execution[0].finish(layer);
            }
        });
    }

    /** What the context bind mounts show, so a changed file re-runs the step (BuildKit keys on mounted content). */
    private static List<String> bindMountContent(List<MountSpec> mounts, StepServices services) {
        List<String> digests = new ArrayList<>();
        for (MountSpec mount : mounts) {
            if (mount.type() != MountSpec.Type.BIND) {
                continue;
            }
            try {
                services.mountSources().contentDigest(mount.from(), mount.source())
                        .ifPresent(d -> digests.add(mount.target() + " " + d));
            } catch (java.io.IOException e) {
                throw new StepException("--mount type=bind source \"" + mount.source() + "\": " + e.getMessage(), e);
            }
        }
        return digests;
    }

    /** The command words: exec form's list, or the shell form's text (heredocs folded in as BuildKit does). */
    private static List<String> commandArgs(Instruction.Run run, StageState s) {
        if (run.command() instanceof Command.Exec exec) {
            return exec.args();
        }
        String text = ((Command.Shell) run.command()).text();
        List<Heredoc> docs = run.heredocs();
        if (docs.isEmpty()) {
            return List.of(text);
        }
        if (docs.size() == 1 && HEREDOC_ONLY.matcher(text.strip()).matches()) {
            if (shebangScript(run).isPresent()) {
                return List.of(HeredocScripts.path(docs.get(0)));
            }
            return List.of(docs.get(0).content());
        }
        StringBuilder full = new StringBuilder(text);
        for (Heredoc doc : docs) {
            full.append('\n').append(doc.content()).append(doc.name());
        }
        return List.of(full.toString());
    }

    /** BuildKit runs a lone {@code RUN <<EOF} whose body starts with {@code #!} as a script file. */
    private static Optional<Heredoc> shebangScript(Instruction.Run run) {
        if (!(run.command() instanceof Command.Shell shell) || run.heredocs().size() != 1
                || !HEREDOC_ONLY.matcher(shell.text().strip()).matches()) {
            return Optional.empty();
        }
        Heredoc doc = run.heredocs().get(0);
        return doc.content().startsWith("#!") ? Optional.of(doc) : Optional.empty();
    }

    /** ENV, then the args in scope that ENV does not set, then proxy args and the source date epoch. */
    static Map<String, String> environment(StageState s) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : s.config.env) {
            int eq = e.indexOf('=');
            env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        s.args.values().forEach(env::putIfAbsent);
        s.args.runOnlyValues().forEach(env::putIfAbsent);
        return env;
    }

    /** BuildKit's history text: {@code |N K=v ... argv} when the stage declares args. */
    static String commandString(List<String> argv, StageState s, Map<String, String> env) {
        List<String> parts = new ArrayList<>();
        Map<String, Optional<String>> declared = s.args.declared();
        if (!declared.isEmpty()) {
            parts.add("|" + declared.size());
            declared.forEach((k, v) -> parts.add(k + "=" + (env.containsKey(k) ? env.get(k) : v.orElse(""))));
        }
        parts.addAll(argv);
        return String.join(" ", parts);
    }

    private static String displayText(Instruction.Run run, StageState s) {
        String raw = run.raw().text();
        StringBuilder sb = new StringBuilder();
        for (Flag f : run.flags()) {
            sb.append(f.raw()).append(' ');
        }
        String shown = CopyStep.expandLenient(sb + raw, s);
        if (!run.heredocs().isEmpty()) {
            String body = run.heredocs().get(0).content().strip();
            String[] lines = body.split("\r?\n");
            shown += " (" + lines[0] + (lines.length > 1 ? "..." : "") + ")";
        }
        return shown;
    }

    private static MountSpec parseMount(String value) {
        try {
            return MountSpec.parse(value);
        } catch (IllegalArgumentException e) {
            throw new StepException("RUN --mount: " + e.getMessage(), e);
        }
    }

    /** BuildKit numbers a RUN's ssh mounts without a target: {@code /run/buildkit/ssh_agent.N}. */
    private static void numberSshMounts(List<MountSpec> mounts) {
        int n = 0;
        for (int i = 0; i < mounts.size(); i++) {
            MountSpec m = mounts.get(i);
            if (m.type() == MountSpec.Type.SSH) {
                if (m.target().isEmpty()) {
                    mounts.set(i, m.withTarget("/run/buildkit/ssh_agent." + n));
                }
                n++;
            }
        }
    }

    /**
     * What the cache key sees of a mount: its kind, place and identity, never a secret's content,
     * nor the socket or key files an ssh mount reaches (only its declared options, as in BuildKit).
     */
    private static String mountIdentity(MountSpec m) {
        String identity = m.type() + " target=" + m.target() + " source=" + m.source() + " from=" + m.from() + " id=" + m.id()
                + " rw=" + m.readWrite();
        if (m.type() == MountSpec.Type.SSH) {
            identity += " mode=" + m.mode() + " uid=" + m.uid() + " gid=" + m.gid() + " required=" + m.required();
        }
        return identity;
    }
}
