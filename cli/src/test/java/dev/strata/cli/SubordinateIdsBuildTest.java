package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A developer laptop: uid 1000 without privileges but with /etc/subuid and /etc/subgid ranges (as
 * rootless podman needs). Strata re-starts itself as root of a namespace of those ids, so a RUN
 * step chowns to other ids and the image has the owners a root build gives; the store the step
 * left (files of those ids) is still the user's to prune. The ranges are given in a private mount
 * namespace (files bound over /etc/passwd, /etc/subuid and /etc/subgid), so this machine's /etc is
 * never changed.
 */
class SubordinateIdsBuildTest {
    private static final String RUN_CHOWN = "/bin/busybox mkdir -p /home/a && /bin/busybox chown 5:5 /home/a"
            + " && /bin/busybox chmod 700 /home/a && echo secret > /home/a/key && /bin/busybox chown 5:6 /home/a/key"
            + " && /bin/busybox chmod 600 /home/a/key && /bin/busybox rm /etc/gone";

    @TempDir
    Path tmp;

    @Test
    void uid1000WithSubordinateIdsRunsChownAsRootWouldAndPrunesWhatTheStepLeft() throws Exception {
        AsUid1000 asUser = AsUid1000.in(tmp);
        for (String tool : List.of("/bin/busybox", "/usr/bin/newuidmap", "/usr/bin/newgidmap", "/usr/bin/unshare")) {
            AsUid1000.require(Path.of(tool));
        }
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"));
        Files.writeString(ctx.resolve("gone"), "gone\n");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\nCOPY gone /etc/gone\n"
                + "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"" + RUN_CHOWN + "\"]\n");
        AsUid1000.ok("chmod", "-R", "a+rX", ctx.toString());
        Path user = asUser.userDir("user");
        Path etc = etcWithRanges(tmp.resolve("etc"));

        Path out = user.resolve("image.tar");
        AsUid1000.Result build = inEtc(etc, asUser, user, List.of("build", "--progress=plain", "--root", user.resolve("store").toString(),
                "-t", "app:1", "-o", "type=tar,dest=" + out, ctx.toString()));
        assertEquals(0, build.exitCode(), build.output());
        assertTrue(build.output().contains("RUN isolation: userns (in a user namespace"), build.output());
        String listing = ExternalTool.ok("tar", "--numeric-owner", "-tvf", out.toString());
        assertTrue(listing.contains("drwx------ 5/5") && listing.contains("home/a/"), listing);
        assertTrue(listing.contains("-rw------- 5/6") && listing.contains("home/a/key"), listing);
        assertFalse(listing.contains("etc/gone"), listing);
        Path layers = user.resolve("store/layers");
        assertTrue(ownedByOthers(layers), "the step's files have the range's ids on disk");

        AsUid1000.Result rmi = inEtc(etc, asUser, user, List.of("rmi", "--root", user.resolve("store").toString(), "app:1"));
        assertEquals(0, rmi.exitCode(), rmi.output());
        AsUid1000.Result prune = inEtc(etc, asUser, user, List.of("prune", "--root", user.resolve("store").toString()));
        assertEquals(0, prune.exitCode(), prune.output());
        try (Stream<Path> left = Files.list(layers)) {
            assertEquals(List.of(), left.toList(), prune.output());
        }

        // without the namespace only the caller is mapped: the chown fails and says what grants it
        AsUid1000.Result off = AsUid1000.run(wrapped(etc, asUser.command(List.of("build", "--progress=plain",
                "--root", user.resolve("store2").toString(), ctx.toString()))), user, Map.of("STRATA_USERNS", "off"));
        assertNotEquals(0, off.exitCode(), off.output());
        assertTrue(off.output().contains("/etc/subuid"), off.output());
    }

    private static AsUid1000.Result inEtc(Path etc, AsUid1000 asUser, Path home, List<String> args) throws Exception {
        return AsUid1000.run(wrapped(etc, asUser.command(args)), home, Map.of());
    }

    /** {@code command} in a private mount namespace whose passwd, subuid and subgid are those in {@code etc}. */
    private static List<String> wrapped(Path etc, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--",
                "/bin/sh", "-c", "for f in passwd subuid subgid; do mount --bind \"$0/$f\" /etc/$f || exit 1; done && exec \"$@\"",
                etc.toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** passwd, subuid and subgid where uid 1000 has a user name and 65536 subordinate uids and gids from 300000. */
    private static Path etcWithRanges(Path etc) throws IOException {
        for (String file : List.of("/etc/subuid", "/etc/subgid")) {
            AsUid1000.require(Path.of(file)); // the files are bound over: Debian's passwd package makes them
        }
        Files.createDirectories(etc);
        Path passwd = Files.copy(Path.of("/etc/passwd"), etc.resolve("passwd"));
        if (Files.readAllLines(passwd).stream().noneMatch(l -> l.split(":").length > 2 && l.split(":")[2].equals("1000"))) {
            Files.writeString(passwd, "strata-test:x:1000:1000::/nonexistent:/bin/sh\n", java.nio.file.StandardOpenOption.APPEND);
        }
        Files.writeString(etc.resolve("subuid"), "1000:300000:65536\n", StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("subgid"), "1000:300000:65536\n", StandardCharsets.UTF_8);
        return etc;
    }

    private static boolean ownedByOthers(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.anyMatch(p -> {
                try {
                    int uid = (Integer) Files.getAttribute(p, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    return uid >= 300000 && uid < 300000 + 65536;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }
}
