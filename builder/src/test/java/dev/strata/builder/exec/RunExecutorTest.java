package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RUN with real runc and overlayfs on a busybox-static root. */
class RunExecutorTest {
    static Path store;

    static Path base;
    static RunExecutor executor;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("runc");
        store = Files.createTempDirectory("strata-run-test");
        base = BusyboxRoot.create(Files.createDirectories(store.resolve("layers/base")));
        executor = new RunExecutor(ExecOptions.of(store));
    }

    @AfterAll
    static void tearDown() {
        if (executor != null) {
            executor.close();
        }
        if (store != null) {
            dev.strata.builder.testing.Command.ok("rm", "-rf", store.toString());
        }
    }

    static RunRequest sh(String script) {
        return RunRequest.of(List.of("/bin/sh", "-c", script), List.of(), "/", "");
    }

    static Map<String, LayerEntry> byPath(List<LayerEntry> entries) {
        Map<String, LayerEntry> result = new TreeMap<>();
        for (LayerEntry e : entries) {
            result.put(e.tarName(), e);
        }
        return result;
    }

    static String content(LayerEntry entry) throws IOException {
        return new String(((LayerEntry.RegularFile) entry).content().open().readAllBytes());
    }

    @Test
    void capturesCreatedModifiedAndDeletedFiles() throws Exception {
        List<String> out = new ArrayList<>();
        try (RunOutcome run = executor.run(List.of(base), sh(
                "echo new > /new.txt && echo changed > /etc/passwd && rm /etc/group && echo hello"), out::add)) {
            Map<String, LayerEntry> entries = byPath(run.changes());
            assertEquals(List.of("etc", "etc/.wh.group", "etc/passwd", "new.txt"), List.copyOf(entries.keySet()));
            assertEquals("new\n", content(entries.get("new.txt")));
            assertEquals("changed\n", content(entries.get("etc/passwd")));
            assertInstanceOf(LayerEntry.Whiteout.class, entries.get("etc/.wh.group"));
            assertEquals(List.of("hello"), out);
            assertTrue(run.overlay());
        }
    }

    @Test
    void aDeletedAndRecreatedDirectoryIsOpaque() throws Exception {
        try (RunOutcome run = executor.run(List.of(base), sh("rm -rf /home && mkdir /home && echo x > /home/only"), l -> {})) {
            Map<String, LayerEntry> entries = byPath(run.changes());
            assertEquals(List.of("home", "home/.wh..wh..opq", "home/only"), List.copyOf(entries.keySet()));
            assertInstanceOf(LayerEntry.OpaqueWhiteout.class, entries.get("home/.wh..wh..opq"));
        }
    }

    @Test
    void keepsModesOwnersHardlinksAndSymlinks() throws Exception {
        try (RunOutcome run = executor.run(List.of(base), sh("mkdir /d && echo a > /d/a && chown 1000:50 /d/a"
                + " && chmod 4750 /d/a && ln /d/a /d/hard && ln -s ../etc/passwd /d/sym"), l -> {})) {
            Map<String, LayerEntry> entries = byPath(run.changes());
            LayerEntry a = entries.get("d/a");
            LayerEntry hard = entries.get("d/hard");
            LayerEntry file = a instanceof LayerEntry.RegularFile ? a : hard;
            LayerEntry link = a instanceof LayerEntry.RegularFile ? hard : a;
            assertEquals(04750, file.attributes().mode());
            assertEquals(1000, file.attributes().uid());
            assertEquals(50, file.attributes().gid());
            assertEquals(file.path(), ((LayerEntry.Hardlink) link).target());
            assertEquals("../etc/passwd", ((LayerEntry.Symlink) entries.get("d/sym")).target());
        }
    }

    @Test
    void userWorkdirAndEnvironment() throws Exception {
        List<String> out = new ArrayList<>();
        RunRequest request = RunRequest.of(List.of("/bin/sh", "-c", "id && pwd && echo $GREETING $HOME && touch f"),
                List.of("GREETING=hi"), "/work/dir", "app");
        try (RunOutcome run = executor.run(List.of(base), request, out::add)) {
            assertEquals(List.of("uid=1000(app) gid=1000(app) groups=50(staff),1000(app)", "/work/dir", "hi /home/app"), out);
            Map<String, LayerEntry> entries = byPath(run.changes());
            assertEquals(List.of("work", "work/dir", "work/dir/f"), List.copyOf(entries.keySet()));
            assertEquals(1000, entries.get("work/dir").attributes().uid(), "WORKDIR is created for USER, as BuildKit does");
            assertEquals(1000, entries.get("work/dir/f").attributes().uid());
        }
        out.clear();
        try (RunOutcome run = executor.run(List.of(base), RunRequest.of(List.of("id"), List.of(), "/", "1234:staff"), out::add)) {
            assertEquals(List.of("uid=1234 gid=50(staff)"), out);
        }
        ExecException e = assertThrows(ExecException.class,
                () -> executor.run(List.of(base), RunRequest.of(List.of("id"), List.of(), "/", "nosuch"), l -> {}));
        assertEquals("unable to find user nosuch: no matching entries in passwd file", e.getMessage());
    }

    @Test
    void aFailingCommandReportsItsCodeAndLastLinesInOrder() throws IOException {
        List<String> out = new ArrayList<>();
        RunFailedException e = assertThrows(RunFailedException.class, () -> executor.run(List.of(base),
                sh("for i in $(seq 1 15); do echo line $i; echo err $i >&2; done; echo oops >&2; exit 3"), out::add));
        assertEquals(3, e.exitCode());
        assertEquals("RUN exited with code 3", e.getMessage());
        assertEquals(List.of("err 11", "line 12", "err 12", "line 13", "err 13", "line 14", "err 14", "line 15", "err 15", "oops"),
                e.lastLines(), "stdout and stderr keep their order");
        assertEquals(31, out.size());
        assertNoTemporaryLeft();
    }

    @Test
    void networkFilesAndSystemMountPointsStayOutOfTheLayer() throws Exception {
        List<String> out = new ArrayList<>();
        try (RunOutcome run = executor.run(List.of(base), sh("cat /etc/hosts | head -1; ls /proc/self >/dev/null && echo ok"),
                out::add)) {
            assertEquals(List.of("127.0.0.1\tlocalhost strata", "ok"), out);
            assertEquals(List.of(), run.changes(), "a RUN that changes nothing makes an empty layer");
        }
    }

    @Test
    void existingNetworkFilesAreShadowedNotCopiedUp() throws Exception {
        Path layer = Files.createDirectories(store.resolve("layers/with-hosts/etc"));
        Files.writeString(layer.resolve("hosts"), "10.0.0.1 image-own\n");
        Files.writeString(layer.resolve("resolv.conf"), "nameserver 10.0.0.53\n");
        List<String> out = new ArrayList<>();
        try (RunOutcome run = executor.run(List.of(layer.getParent(), base),
                sh("head -1 /etc/hosts; echo 1.2.3.4 extra >> /etc/hosts"), out::add)) {
            assertEquals(List.of("127.0.0.1\tlocalhost strata"), out);
            assertEquals(List.of(), run.changes(), "writes to /etc/hosts go to the private copy, not the layer");
        }
        assertEquals("10.0.0.1 image-own\n", Files.readString(layer.resolve("hosts")));
    }

    @Test
    void networkNoneHasOnlyLoopback() throws Exception {
        List<String> out = new ArrayList<>();
        try (RunOutcome run = executor.run(List.of(base), sh("ls /sys/class/net").withNetwork(Network.NONE), out::add)) {
            assertEquals(List.of("lo"), out);
        }
        out.clear();
        try (RunOutcome run = executor.run(List.of(base), sh("ls /sys/class/net | grep -c -v '^lo$'"), out::add)) {
            assertFalse(out.get(0).equals("0"), "host network has more than loopback: " + out);
        }
    }

    @Test
    void anUpperDirectoryIsTheNextStepsLowerDirectory() throws Exception {
        Path kept;
        try (RunOutcome first = executor.run(List.of(base), sh("echo one > /one && rm /etc/group"), l -> {})) {
            kept = Files.move(first.diffDir(), store.resolve("kept-upper"));
        }
        List<String> out = new ArrayList<>();
        try (RunOutcome second = executor.run(List.of(kept, base), sh("cat /one; ls /etc/group 2>&1 || true"), out::add)) {
            assertEquals("one", out.get(0));
            assertTrue(out.get(1).contains("No such file"), out.toString());
        }
    }

    @Test
    void scratchRootRunsAnExecFormCommand() throws Exception {
        Path layer = Files.createDirectories(store.resolve("layers/static"));
        Files.copy(Tools.require("busybox"), layer.resolve("busybox"));
        try (RunOutcome run = executor.run(List.of(layer),
                RunRequest.of(List.of("/busybox", "touch", "/made"), List.of(), "/", ""), l -> {})) {
            assertEquals(List.of("made"), List.copyOf(byPath(run.changes()).keySet()));
        }
    }

    static void assertNoTemporaryLeft() throws IOException {
        try (var entries = Files.list(store.resolve("tmp"))) {
            List<String> left = entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("run-")).toList();
            assertEquals(List.of(), left);
        }
    }
}
