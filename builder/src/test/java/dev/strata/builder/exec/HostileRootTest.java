package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A RUN that moves a parent of its own mount point away and puts a symlink to a host directory
 * (a canary in the test's temp dir) in its place must not make Strata remove the canary's empty
 * files and directories when it cleans the mount points up after the step. Every mount kind, file
 * and directory mount points, in each way a step runs (runc on overlayfs, runc in a user namespace,
 * copy fallback; chroot mode has no mounts, so only its steps without mounts are here).
 */
class HostileRootTest {
    static Path store;
    static Path base;
    static Path context;

    static final MountSources SOURCES = new MountSources() {
        @Override
        public BindSource bindSource(String from, String source) {
            return BindSource.of(context.resolve(source));
        }

        @Override
        public Optional<byte[]> secret(String id) {
            return Optional.of("not-for-layers".getBytes(StandardCharsets.UTF_8));
        }
    };

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("unshare");
        store = Files.createTempDirectory("strata-escape-test");
        base = BusyboxRoot.create(Files.createDirectories(store.resolve("layers/base")));
        Files.createDirectories(base.resolve("opt/keep"));
        context = Files.createDirectories(store.resolve("context"));
        Files.writeString(context.resolve("file.txt"), "context file");
        Files.createDirectories(context.resolve("dir"));
    }

    @AfterAll
    static void tearDown() {
        if (store != null) {
            Command.ok("rm", "-rf", store.toString());
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String mode : List.of("oci", "userns", "copy")) {
            all.add(Arguments.of(mode, "type=cache,target=/a/b/c", "/a", true));
            all.add(Arguments.of(mode, "type=secret,id=tok,target=/a/b/c", "/a", false));
            all.add(Arguments.of(mode, "type=bind,source=dir,target=/a/b/c", "/a", true));
            all.add(Arguments.of(mode, "type=bind,source=file.txt,target=/a/b/c", "/a", false));
            all.add(Arguments.of(mode, "type=bind,source=dir,target=/a/b/c,rw", "/a", true));
            all.add(Arguments.of(mode, "type=secret,id=tok,target=/a/b/c", "/a/b", false));
            // below a directory of the image: overlayfs copies it up to hold the new mount point
            all.add(Arguments.of(mode, "type=cache,target=/opt/keep/b/c", "/opt/keep/b", true));
        }
        return all.stream();
    }

    static RunExecutor executor(String mode) throws IOException {
        return executor(mode, store.resolve("store-" + mode));
    }

    /** A RUN executor for {@code mode} (oci, userns, chroot, or copy: runc without overlayfs) with its store at {@code root}. */
    static RunExecutor executor(String mode, Path root) throws IOException {
        return switch (mode) {
            case "oci" -> {
                Tools.require("runc");
                yield new RunExecutor(new ExecOptions(root, Optional.of(Isolation.OCI), Optional.empty()));
            }
            case "chroot" -> {
                Tools.require("capsh");
                yield new RunExecutor(new ExecOptions(root, Optional.of(Isolation.CHROOT), Optional.empty()));
            }
            case "userns" -> {
                Tools.require("runc");
                yield new RunExecutor(new ExecOptions(root, Optional.of(Isolation.USERNS), Optional.empty()));
            }
            case "copy" -> {
                Tools.require("runc");
                yield new RunExecutor(ExecOptions.of(root), false);
            }
            default -> throw new IllegalArgumentException(mode);
        };
    }

    @ParameterizedTest(name = "{0} {1} moving {2}")
    @MethodSource("cases")
    void aStepCannotMakeStrataDeleteThroughALinkItPutInPlaceOfAMountParent(String mode, String mount, String moved,
            boolean directory) throws Exception {
        String target = MountSpec.parse(mount).target();
        String canaryRel = target.substring(moved.length() + 1);
        Path canary = Files.createTempDirectory(store, "canary-");
        Path victim = canary.resolve(canaryRel);
        Files.createDirectories(victim.getParent());
        Files.createDirectories(victim.getParent().resolve("empty"));
        if (directory) {
            Files.createDirectory(victim);
        } else {
            Files.createFile(victim);
        }
        String script = "mv " + moved + " " + moved + "2 && ln -s " + canary + " " + moved + " && echo swapped";
        List<String> out = new ArrayList<>();
        try (RunExecutor executor = executor(mode);
                RunOutcome run = executor.run(List.of(base), RunRequest.of(List.of("/bin/sh", "-c", script), List.of(), "/", "")
                        .withMounts(List.of(MountSpec.parse(mount)), SOURCES), out::add)) {
            assertEquals("swapped", out.get(out.size() - 1));
            assertTrue(directory ? Files.isDirectory(victim) : Files.isRegularFile(victim),
                    "the canary's empty " + canaryRel + " survives");
            assertTrue(Files.isDirectory(victim.getParent().resolve("empty")), "and so does its empty sibling");
            Map<String, LayerEntry> entries = RunExecutorTest.byPath(run.changes());
            String rel = moved.substring(1);
            LayerEntry link = entries.get(rel);
            assertInstanceOf(LayerEntry.Symlink.class, link, "the step's symlink is in the layer: " + entries.keySet());
            assertEquals(canary.toString(), ((LayerEntry.Symlink) link).target());
            // The moved mount point stays where the step put it, as BuildKit leaves it; it is empty.
            LayerEntry stub = entries.get(rel + "2/" + canaryRel);
            if (directory) {
                assertInstanceOf(LayerEntry.Directory.class, stub, "moved mount point: " + entries.keySet());
            } else {
                assertInstanceOf(LayerEntry.RegularFile.class, stub, "moved mount point: " + entries.keySet());
                assertEquals("", RunExecutorTest.content(stub), "no secret or bind content in the layer");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "userns", "copy"})
    void workdirAndMountPointsAfterAStepThatLinkedThemOutAreMadeInsideTheRoot(String mode) throws Exception {
        Path canary = Files.createTempDirectory(store, "canary-");
        List<String> out = new ArrayList<>();
        try (RunExecutor executor = executor(mode);
                RunOutcome linked = executor.run(List.of(base), RunRequest.of(List.of("/bin/sh", "-c",
                        "ln -s " + canary + " /w && ln -sf " + canary + "/passwd /etc/passwd"), List.of(), "/", ""), out::add);
                RunOutcome next = executor.run(List.of(linked.diffDir(), base), new RunRequest(List.of("/bin/sh", "-c",
                        "pwd && id -u && test -d /w/m/c && test -f /w/s && echo ok"), List.of(), "/w/made", "0", Network.HOST,
                        List.of(MountSpec.parse("type=cache,target=/w/m/c"), MountSpec.parse("type=secret,id=tok,target=/w/s")),
                        SOURCES, "strata"), out::add)) {
            // inside the container /w leads to the same-named directory of the root, which WORKDIR created
            assertEquals(List.of(canary + "/made", "0", "ok"), out.subList(out.size() - 3, out.size()));
            try (Stream<Path> left = Files.list(canary)) {
                assertEquals(List.of(), left.toList(), "nothing was made in the host directory the links name");
            }
            String inRoot = canary.toString().substring(1);
            Map<String, LayerEntry> entries = RunExecutorTest.byPath(next.changes());
            assertInstanceOf(LayerEntry.Directory.class, entries.get(inRoot + "/made"), "WORKDIR made inside the root: "
                    + entries.keySet());
            assertEquals(List.of(), entries.keySet().stream().filter(p -> p.endsWith("/m") || p.endsWith("/s")).toList(),
                    "mount points removed from inside the root");
        }
    }

    @org.junit.jupiter.api.Test
    void aHugePasswdLeftByAStepFailsTheNextStepsUserLookupClearly() throws Exception {
        try (RunExecutor executor = executor("chroot");
                RunOutcome huge = executor.run(List.of(base), RunRequest.of(List.of("/bin/sh", "-c",
                        "truncate -s 3G /etc/passwd"), List.of(), "/", ""), line -> {})) {
            ExecException e = org.junit.jupiter.api.Assertions.assertThrows(ExecException.class, () -> executor.run(
                    List.of(huge.diffDir(), base), RunRequest.of(List.of("true"), List.of(), "/", "app"), line -> {}));
            assertEquals("/etc/passwd of the image is larger than 16 MiB: cannot look USER up in it", e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "userns", "chroot", "copy"})
    void nodesOfAnEarlierStepUnderADirectoryALaterStepReplacedByALinkAreNotMadeThroughTheLink(String mode) throws Exception {
        Path canary = Files.createTempDirectory(store, "canary-");
        List<String> out = new ArrayList<>();
        try (RunExecutor executor = executor(mode);
                RunOutcome nodes = executor.run(List.of(base), RunRequest.of(List.of("/bin/sh", "-c",
                        "mkdir /d && mkfifo /d/fifo"), List.of(), "/", ""), out::add);
                RunOutcome linked = executor.run(List.of(nodes.diffDir(), base), RunRequest.of(List.of("/bin/sh", "-c",
                        "rm -rf /d && ln -s " + canary + " /d"), List.of(), "/", ""), out::add);
                RunOutcome third = executor.run(List.of(linked.diffDir(), nodes.diffDir(), base), RunRequest.of(
                        List.of("/bin/sh", "-c", "test -L /d && test ! -e /d/fifo && echo clean"), List.of(), "/", ""), out::add)) {
            assertEquals("clean", out.get(out.size() - 1));
            try (Stream<Path> left = Files.list(canary)) {
                assertEquals(List.of(), left.toList(), "no node was made in the host directory the link names");
            }
        }
    }
}
