package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build without RUN as a user without privileges (uid 1000, no groups, no capabilities: a pod
 * with {@code runAsUser: 1000}, a developer laptop), in a child JVM started with {@code setpriv},
 * with its own store: USER name, WORKDIR, {@code COPY --chown=name}, {@code COPY --from=stage},
 * {@code --chmod}. Owners and modes come from the Dockerfile and the base's layers, never from
 * chown on disk, so the image is the one root builds, digest for digest.
 */
class NonRootBuildTest {
    @TempDir
    Path tmp;

    @Test
    void aCopyOnlyBuildAsUid1000GivesTheImageRootBuilds() throws Exception {
        AsUid1000 asUser = AsUid1000.in(tmp);
        AsUid1000.require(Path.of("/bin/busybox"));

        // the base: busybox, users app (1000) and group staff (50), /home/app owned by app
        Path baseCtx = Files.createDirectories(tmp.resolve("base-ctx"));
        Files.copy(Path.of("/bin/busybox"), baseCtx.resolve("busybox"));
        Files.writeString(baseCtx.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n");
        Files.writeString(baseCtx.resolve("group"), "root:x:0:\napp:x:1000:\nstaff:x:50:app\n");
        Files.createDirectories(baseCtx.resolve("home/app"));
        Files.writeString(baseCtx.resolve("home/app/.profile"), "# app\n");
        Files.writeString(baseCtx.resolve("Dockerfile"), """
                FROM scratch
                COPY --chmod=755 busybox /bin/busybox
                COPY passwd group /etc/
                COPY --chown=1000:1000 home/ /home/
                COPY --chmod=4755 busybox /bin/su-tool
                """);
        Path baseStore = tmp.resolve("base-store");
        Path baseMeta = tmp.resolve("base.json");
        CliRun base = CliRun.of("build", "--root", baseStore.toString(), "--metadata-file", baseMeta.toString(),
                "-t", "base:1", baseCtx.toString());
        assertEquals(0, base.exitCode(), base.err());
        String baseDigest = new ObjectMapper().readTree(baseMeta.toFile()).get("containerimage.digest").asText();

        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("app.txt"), "app\n");
        Files.writeString(ctx.resolve("data.txt"), "data\n");
        Files.writeString(ctx.resolve("tool.sh"), "#!/bin/sh\n");
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM base AS stage
                COPY --chown=app:staff --chmod=2750 data.txt /from-stage/data.txt
                FROM base
                USER app
                WORKDIR /home/app/work
                COPY --chown=app app.txt ./
                COPY --from=stage /from-stage/data.txt /opt/data.txt
                COPY --from=stage /bin/su-tool /opt/su-tool
                COPY --chmod=0750 tool.sh /usr/local/bin/tool
                """);
        AsUid1000.ok("chmod", "-R", "a+rX", tmp.toString());
        Path user = asUser.userDir("user");

        String named = "base=oci-layout://" + baseStore + "@" + baseDigest;
        List<String> args = List.of("build", "--progress=plain", "--build-context", named, "-t", "app:1", ctx.toString());
        List<String> userArgs = new ArrayList<>(args.subList(0, 1));
        userArgs.addAll(List.of("--root", user.resolve("store").toString(), "--metadata-file", user.resolve("meta.json").toString()));
        userArgs.addAll(args.subList(1, args.size()));
        // the caller's own ids only, as where no /etc/subuid range is given
        AsUid1000.Result run = AsUid1000.run(asUser.command(userArgs), user, Map.of("STRATA_USERNS", "off"));
        String out = run.output();
        assertEquals(0, run.exitCode(), out);

        Path rootStore = tmp.resolve("root-store");
        Path rootMeta = tmp.resolve("root.json");
        List<String> asRoot = new ArrayList<>(args.subList(0, 1));
        asRoot.addAll(List.of("--root", rootStore.toString(), "--metadata-file", rootMeta.toString()));
        asRoot.addAll(args.subList(1, args.size()));
        CliRun root = CliRun.of(asRoot.toArray(String[]::new));
        assertEquals(0, root.exitCode(), root.err());
        String userDigest = new ObjectMapper().readTree(user.resolve("meta.json").toFile()).get("containerimage.digest").asText();
        String rootDigest = new ObjectMapper().readTree(rootMeta.toFile()).get("containerimage.digest").asText();
        assertEquals(rootDigest, userDigest, "uid 1000 builds the image root builds:\n" + out
                + differences(user.resolve("store"), rootStore));

        Path bundle = tmp.resolve("bundle");
        ExternalTool.ok("umoci", "unpack", "--image", user.resolve("store") + ":app:1", bundle.toString());
        Path rootfs = bundle.resolve("rootfs");
        assertOwner(rootfs.resolve("home/app/work"), 1000, 1000, 0755);
        assertOwner(rootfs.resolve("home/app/work/app.txt"), 1000, 1000, 0644);
        assertOwner(rootfs.resolve("opt/data.txt"), 1000, 50, 02750);
        assertOwner(rootfs.resolve("opt/su-tool"), 0, 0, 04755);
        assertOwner(rootfs.resolve("usr/local/bin/tool"), 0, 0, 0750);
    }

    /** What differs between the two images: config, then the listing of each layer that differs. */
    private static String differences(Path userStore, Path rootStore) throws IOException {
        StringBuilder text = new StringBuilder();
        String userConfig = ExternalTool.ok("skopeo", "inspect", "--config", "oci:" + userStore + ":app:1");
        String rootConfig = ExternalTool.ok("skopeo", "inspect", "--config", "oci:" + rootStore + ":app:1");
        if (!userConfig.equals(rootConfig)) {
            text.append("\nconfig as uid 1000:\n").append(userConfig).append("\nconfig as root:\n").append(rootConfig);
        }
        var userLayers = new ObjectMapper().readTree(ExternalTool.ok("skopeo", "inspect", "--raw", "oci:" + userStore + ":app:1")).get("layers");
        var rootLayers = new ObjectMapper().readTree(ExternalTool.ok("skopeo", "inspect", "--raw", "oci:" + rootStore + ":app:1")).get("layers");
        for (int i = 0; i < Math.min(userLayers.size(), rootLayers.size()); i++) {
            String u = userLayers.get(i).get("digest").asText().substring(7);
            String r = rootLayers.get(i).get("digest").asText().substring(7);
            if (!u.equals(r)) {
                text.append("\nlayer ").append(i).append(" as uid 1000:\n")
                        .append(ExternalTool.ok("tar", "--numeric-owner", "--full-time", "-tvzf", userStore.resolve("blobs/sha256/" + u).toString()))
                        .append("as root:\n")
                        .append(ExternalTool.ok("tar", "--numeric-owner", "--full-time", "-tvzf", rootStore.resolve("blobs/sha256/" + r).toString()));
            }
        }
        return text.toString();
    }

    private static void assertOwner(Path path, int uid, int gid, int mode) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
        assertEquals(List.of(uid, gid, Integer.toOctalString(mode)),
                List.of(a.get("uid"), a.get("gid"), Integer.toOctalString((Integer) a.get("mode") & 07777)), path.toString());
    }
}
