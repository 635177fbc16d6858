package dev.strata.builder.exec;

import dev.strata.builder.rootfs.RootPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code --isolation chroot}, kaniko's privilege level, for containers that refuse user
 * namespaces: no namespaces and no mounts (the root is a copy, compared after the step), a
 * minimal {@code /dev} and the step's network files planted in the root ({@link ChrootPlants}),
 * then {@code capsh} drops from the bounding set every capability but Docker's defaults less
 * CAP_MKNOD and CAP_SYS_CHROOT (no device nodes, no second chroot to climb out by), chroots, sets
 * the step's gid, groups and uid, and starts the image's {@code /bin/sh}, which takes the step's
 * environment and WORKDIR and execs the command. capsh itself starts with an empty environment,
 * so nothing of the image's (LD_PRELOAD) reaches a host program. Only as isolated as the
 * container around the build. Thread-safe.
 */
final class ChrootRunner implements Runner {
    /** Docker's default capabilities less CAP_MKNOD and CAP_SYS_CHROOT. */
    static final List<Integer> KEPT = List.of(0 /* CHOWN */, 1 /* DAC_OVERRIDE */, 3 /* FOWNER */, 4 /* FSETID */,
            5 /* KILL */, 6 /* SETGID */, 7 /* SETUID */, 8 /* SETPCAP */, 10 /* NET_BIND_SERVICE */, 13 /* NET_RAW */,
            29 /* AUDIT_WRITE */, 31 /* SETFCAP */);
    private static final String SCRIPT = "W=$1; n=$2; shift 2; while [ \"$n\" -gt 0 ]; do export \"$1\" || exit 125; shift;"
            + " n=$((n-1)); done; cd \"$W\" || exit 125; exec \"$@\"";

    private final Path capsh;
    private final Map<String, Process> running = new java.util.concurrent.ConcurrentHashMap<>();

    ChrootRunner(Path capsh) {
        this.capsh = capsh;
    }

    @Override
    public OutputPump.Result run(Step step, Consumer<String> output) throws IOException {
        if (!step.request().mounts().isEmpty()) {
            throw new ExecException("RUN --mount needs a mount namespace, which --isolation chroot does not have"
                    + " (use userns or oci where the container allows them)");
        }
        if (step.request().network() == Network.NONE) {
            throw new ExecException("--network=none needs a network namespace, which --isolation chroot does not have");
        }
        Sandbox sandbox = step.request().sandbox();
        if (sandbox.insecure()) {
            throw new ExecException("RUN --security=insecure needs --isolation oci or userns: --isolation chroot cannot give"
                    + " a step more than the container the build runs in");
        }
        if (sandbox.shmSize() > 0) {
            output.accept("--shm-size has no effect under --isolation chroot (no /dev/shm is mounted)");
        }
        Path rootfs = step.bundle().resolve("rootfs");
        Path sh = RootPath.resolve(rootfs, "/bin/sh");
        if (!Files.isRegularFile(sh, LinkOption.NOFOLLOW_LINKS)) {
            throw new ExecException("--isolation chroot starts RUN through the image's /bin/sh, which this image has not");
        }
        Map<String, Path> network = new LinkedHashMap<>();
        for (BundleMount mount : step.mounts()) {
            if (mount.destination().startsWith("/etc/") && mount.type().equals("bind")) {
                network.put(mount.destination(), Path.of(mount.source()));
            }
        }
        ChrootPlants plants = ChrootPlants.plant(rootfs, network, step.bundle(), output);
        try {
            List<String> command = new ArrayList<>(limits(sandbox.rlimits()));
            command.addAll(command(rootfs, step.process()));
            return OutputPump.run(command, output, p -> running.put(step.containerId(), p));
        } finally {
            running.remove(step.containerId());
            plants.remove();
        }
    }

    /** {@code prlimit --TYPE=SOFT:HARD ...} (util-linux) before the command: setrlimit, inherited by the step. */
    private static List<String> limits(List<Sandbox.Rlimit> rlimits) throws ExecException {
        if (rlimits.isEmpty()) {
            return List.of();
        }
        List<String> command = new ArrayList<>(List.of(Executables.find("prlimit").orElseThrow(() -> new ExecException(
                "--ulimit under --isolation chroot needs prlimit (Debian package util-linux)")).toString()));
        for (Sandbox.Rlimit r : rlimits) {
            command.add("--" + r.type() + "=" + (r.soft() < 0 ? "unlimited" : Long.toString(r.soft())) + ":"
                    + (r.hard() < 0 ? "unlimited" : Long.toString(r.hard())));
        }
        return command;
    }

    private List<String> command(Path rootfs, OciSpec.Process process) {
        int last = lastCapability();
        String drop = IntStream.rangeClosed(0, last).filter(c -> !KEPT.contains(c)).mapToObj(Integer::toString)
                .collect(Collectors.joining(","));
        List<String> command = new ArrayList<>(List.of("env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", capsh.toString(),
                "--drop=" + drop, "--chroot=" + rootfs, "--gid=" + process.user().gid(),
                "--groups=" + process.user().additionalGids().stream().map(String::valueOf).collect(Collectors.joining(",")),
                "--uid=" + process.user().uid(), "--shell=/bin/sh", "--", "-c", SCRIPT, "sh", process.cwd(),
                Integer.toString(process.env().size())));
        command.addAll(process.env());
        command.addAll(process.argv());
        return command;
    }

    private static int lastCapability() {
        try {
            // readAllLines: Files.readString reads only the first byte of this procfs file (it reports size 0)
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap")).get(0).strip());
        } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
            return 40;
        }
    }

    @Override
    public void emergencyStop(String containerId, Path rootfs) {
        Process process = running.remove(containerId);
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
