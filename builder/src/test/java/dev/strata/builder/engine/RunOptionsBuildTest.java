package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.Entitlement;
import dev.strata.builder.api.HostEntry;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.api.RunOptions;
import dev.strata.builder.api.Ulimit;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --add-host}, {@code --ulimit}, {@code --shm-size}, {@code RUN --network}, {@code RUN --security}
 * and {@code --allow} in real builds under runc (and the other isolation modes).
 */
class RunOptionsBuildTest {
    private static final RunOptions OPTIONS = new RunOptions(
            List.of(HostEntry.parse("db.internal:10.1.2.3"), HostEntry.parse("gw:host-gateway"), HostEntry.parse("v6=[fd00::1]")),
            List.of(Ulimit.parse("nofile=512:1024")), RunOptions.parseSize("96m"), Set.of(), List.of());

    @TempDir
    static Path shared;
    static Path layout;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeBase() throws IOException {
        Tools.require("runc");
        layout = BusyboxLayout.create(shared.resolve("busybox"), "1.0");
    }

    private static NamedContext base() {
        return NamedContext.parse("base=oci-layout://" + layout + ":1.0");
    }

    private static List<String> output(TestBuild build) {
        synchronized (build.events) {
            return build.events.stream().filter(e -> e instanceof BuildEvent.LogLine l && l.step() > 0)
                    .map(e -> ((BuildEvent.LogLine) e).line()).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "userns", "chroot"})
    void addHostUlimitAndShmSizeReachTheRun(String mode) throws IOException {
        if (mode.equals("chroot")) {
            Tools.require("capsh");
        }
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN grep -v localhost /etc/hosts | sed 's/^/hosts: /'; echo "nofile: $(ulimit -Sn) $(ulimit -Hn)"; \\
                    if [ -d /dev/shm ]; then df -k /dev/shm | tail -1 | awk '{print "shm: " $2}'; fi
                """);
        TestBuild build = TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base()).isolation(mode).runOptions(OPTIONS));
        List<String> out = output(build);
        assertTrue(out.containsAll(List.of("hosts: 10.1.2.3\tdb.internal", "hosts: 127.0.0.1\tgw", "hosts: fd00::1\tv6",
                "nofile: 512 1024")), out.toString());
        if (!mode.equals("chroot")) {
            assertTrue(out.contains("shm: " + 96 * 1024), out.toString());
        } else {
            assertTrue(out.contains("--shm-size has no effect under --isolation chroot (no /dev/shm is mounted)"), out.toString());
        }
    }

    @Test
    void defaultShmIs64MiBAndTheOptionsArePartOfTheCacheKey() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM base\nRUN df -k /dev/shm | tail -1 | awk '{print \"shm: \" $2}'\n");
        Path root = tmp.resolve("store");
        TestBuild plain = TestBuild.run(ctx, root, b -> b.buildContext(base()));
        assertTrue(output(plain).contains("shm: 65536"), output(plain).toString());
        TestBuild bigger = TestBuild.run(ctx, root, b -> b.buildContext(base()).runOptions(OPTIONS));
        assertTrue(output(bigger).contains("shm: 98304"), "a changed --shm-size re-runs the step: " + bigger.stepLines());
        TestBuild again = TestBuild.run(ctx, root, b -> b.buildContext(base()).runOptions(OPTIONS));
        assertTrue(again.stepLines().contains("#2 CACHED"), again.stepLines().toString());
    }

    @Test
    void runNetworkNoneHasOnlyLoopbackAndDefaultFollowsTheBuildsNetwork() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN --network=none echo "none: $(ls /sys/class/net | tr '\\n' ' ')"
                RUN --network=default echo "default: $(ls /sys/class/net | wc -l)"
                """);
        TestBuild build = TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base()).network("none"));
        List<String> out = output(build);
        assertTrue(out.contains("none: lo "), out.toString());
        assertTrue(out.contains("default: 1"), "--network none makes RUN --network=default see only lo: " + out);
    }

    @Test
    void entitlementsAreRefusedUnlessAllowed() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM base\nRUN echo ok\nRUN --network=host echo host\n");
        BuildException host = assertThrows(BuildException.class, () -> TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base())));
        assertEquals("Dockerfile:3: RUN --network=host: network.host is not allowed (pass --allow network.host to grant it)",
                host.getMessage());
        TestBuild allowed = TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base())
                .runOptions(new RunOptions(List.of(), List.of(), 0, Set.of(Entitlement.NETWORK_HOST), List.of())));
        assertTrue(output(allowed).contains("host"), output(allowed).toString());

        TestBuild.write(ctx, "Dockerfile", "FROM base\nRUN --security=insecure echo insecure\n");
        BuildException insecure = assertThrows(BuildException.class, () -> TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base())));
        assertEquals("Dockerfile:2: RUN --security=insecure: security.insecure is not allowed"
                + " (pass --allow security.insecure to grant it)", insecure.getMessage());
        TestBuild.write(ctx, "Dockerfile", "FROM base\nRUN --security=root echo x\n");
        BuildException bad = assertThrows(BuildException.class, () -> TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base())));
        assertEquals("Dockerfile:2: security \"root\" is not valid for RUN --security (use sandbox or insecure)", bad.getMessage());
    }

    @Test
    void insecureRunGetsEveryCapabilityAndMayMountUnderOciButNotUnderChroot() throws IOException {
        Tools.require("capsh");
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", """
                FROM base
                RUN grep CapEff /proc/self/status | sed 's/^/sandbox /'; mkdir -p /tmp/m; mount -t tmpfs none /tmp/m 2>/dev/null && echo sandbox mounted; true
                RUN --security=insecure grep CapEff /proc/self/status | sed 's/^/insecure /'; \\
                    mkdir -p /tmp/i && mount -t tmpfs none /tmp/i && echo insecure mounted && umount /tmp/i; test -c /dev/fuse && echo insecure fuse
                """);
        RunOptions allow = new RunOptions(List.of(), List.of(), 0, Set.of(Entitlement.SECURITY_INSECURE), List.of());
        TestBuild build = TestBuild.run(ctx, tmp.resolve("store"), b -> b.buildContext(base()).isolation("oci").runOptions(allow));
        List<String> out = output(build);
        assertTrue(out.contains("sandbox CapEff:\t00000000a80425fb"), out.toString());
        String mine = java.nio.file.Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapEff:"))
                .findFirst().orElseThrow();
        assertTrue(out.contains("insecure " + mine), "every capability the builder has: " + out);
        assertTrue(out.contains("insecure mounted"), out.toString());
        if (java.nio.file.Files.exists(Path.of("/dev/fuse"))) {
            assertTrue(out.contains("insecure fuse"), "the host's /dev/fuse: " + out);
        }
        assertTrue(out.stream().noneMatch(l -> l.equals("sandbox mounted")), out.toString());

        BuildException chroot = assertThrows(BuildException.class, () -> TestBuild.run(ctx, tmp.resolve("store-chroot"),
                b -> b.buildContext(base()).isolation("chroot").runOptions(allow)));
        assertTrue(chroot.getMessage().startsWith("Dockerfile:3: RUN --security=insecure needs --isolation oci or userns"),
                chroot.getMessage());
    }
}
