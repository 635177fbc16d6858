package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildListener;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.Compression;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.api.OutputSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How {@code strata build}'s docker-style flags and environment become a build request. */
class BuildRequestFlagsTest {
    @TempDir
    Path ctx;

    private BuildRequest request(Map<String, String> env, String... args) throws IOException {
        BuildCommand command = new BuildCommand();
        new CommandLine(command.spec()).parseArgs(args);
        return command.request(env, BuildListener.NONE);
    }

    @Test
    void buildArgWithoutValueComesFromTheEnvironmentOrIsLeftOut() throws IOException {
        BuildRequest r = request(Map.of("FROM_ENV", "env-value"), "--build-arg", "FROM_ENV", "--build-arg", "MISSING",
                "--build-arg", "EXPLICIT=x=y", ctx.toString());
        assertEquals(Map.of("FROM_ENV", "env-value", "EXPLICIT", "x=y"), r.buildArgs());
    }

    @Test
    void sourceDateEpochFlagWinsOverTheEnvironmentAndDefaultsToZero() throws IOException {
        assertEquals(Optional.of(Instant.EPOCH), request(Map.of(), ctx.toString()).sourceDateEpoch());
        assertEquals(Optional.of(Instant.ofEpochSecond(1700000000)),
                request(Map.of("SOURCE_DATE_EPOCH", "1700000000"), ctx.toString()).sourceDateEpoch());
        assertEquals(Optional.of(Instant.ofEpochSecond(5)),
                request(Map.of("SOURCE_DATE_EPOCH", "1700000000"), "--source-date-epoch", "5", ctx.toString()).sourceDateEpoch());
        assertEquals(Optional.empty(), request(Map.of(), "--source-date-epoch=now", ctx.toString()).sourceDateEpoch());
        // buildx: the build argument sets the timestamps and wins over the environment
        assertEquals(Optional.of(Instant.ofEpochSecond(42)),
                request(Map.of("SOURCE_DATE_EPOCH", "1700000000"), "--build-arg", "SOURCE_DATE_EPOCH=42", ctx.toString()).sourceDateEpoch());
        assertEquals(Optional.of(Instant.ofEpochSecond(1700000000)),
                request(Map.of("SOURCE_DATE_EPOCH", "1700000000"), "--build-arg", "SOURCE_DATE_EPOCH", ctx.toString()).sourceDateEpoch());
        assertEquals(Optional.of(Instant.ofEpochSecond(5)),
                request(Map.of(), "--build-arg", "SOURCE_DATE_EPOCH=42", "--source-date-epoch", "5", ctx.toString()).sourceDateEpoch());
    }

    @Test
    void rootComesFromTheFlagThenStrataRoot() throws IOException {
        assertEquals(Path.of("/srv/strata"), request(Map.of("STRATA_ROOT", "/srv/strata"), ctx.toString()).root());
        assertEquals(Path.of("/x"), request(Map.of("STRATA_ROOT", "/srv/strata"), "--root", "/x", ctx.toString()).root());
    }

    @Test
    void dockerFlagsMapOneToOne() throws IOException {
        BuildRequest r = request(Map.of(), "-t", "a:1", "-t", "b", "--target", "build", "--label", "k=v=w", "--no-cache",
                "-o", "type=oci,dest=out.tar", "--build-context", "base=oci-layout:///l:1.0", "--platform", "linux/arm64",
                "--compression", "zstd", "--secret", "id=tok,src=/s", "--network", "none", ctx.toString());
        assertEquals(java.util.List.of("a:1", "b"), r.tags());
        assertEquals(Optional.of("build"), r.target());
        assertEquals(Map.of("k", "v=w"), r.labels());
        assertTrue(r.noCache());
        assertEquals(OutputSpec.Type.OCI, r.outputs().get(0).type());
        assertEquals(new NamedContext.OciLayout(Path.of("/l"), Optional.of("1.0")), r.buildContexts().get(0).source());
        assertEquals(Optional.of("linux/arm64"), r.platform());
        assertEquals(Compression.ZSTD, r.compression());
        assertEquals("tok", r.secrets().get(0).id());
        assertEquals("none", r.network());
    }

    @Test
    void runFlagsOfBuildx() throws IOException {
        BuildRequest r = request(Map.of(), "--add-host", "db:10.0.0.5", "--add-host=gw:host-gateway", "--ulimit", "nofile=512:1024",
                "--shm-size", "128m", "--allow", "network.host,security.insecure", "--network", "default", ctx.toString());
        assertEquals(java.util.List.of(new dev.strata.builder.api.HostEntry("db", "10.0.0.5"),
                new dev.strata.builder.api.HostEntry("gw", "host-gateway")), r.runOptions().addHosts());
        assertEquals(java.util.List.of(new dev.strata.builder.api.Ulimit("nofile", 512, 1024)), r.runOptions().ulimits());
        assertEquals(128L << 20, r.runOptions().shmSize());
        assertEquals(java.util.Set.of(dev.strata.builder.api.Entitlement.NETWORK_HOST, dev.strata.builder.api.Entitlement.SECURITY_INSECURE),
                r.runOptions().allow());
        assertEquals("host", r.network(), "--network default is the host's network, as without the flag");
    }

    @Test
    void sshForwardsAsBuildxSpellsThem() throws IOException {
        BuildRequest r = request(Map.of("SSH_AUTH_SOCK", "/run/user/1000/agent.sock"), "--ssh", "default", "--ssh",
                "deploy=/keys/a,/keys/b", ctx.toString());
        assertEquals(java.util.List.of(new dev.strata.builder.api.SshSpec("default", java.util.List.of(Path.of("/run/user/1000/agent.sock"))),
                new dev.strata.builder.api.SshSpec("deploy", java.util.List.of(Path.of("/keys/a"), Path.of("/keys/b")))),
                r.runOptions().ssh());
        UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                () -> request(Map.of(), "--ssh", "default", ctx.toString()));
        assertEquals("error: invalid empty ssh agent socket for --ssh default: make sure SSH_AUTH_SOCK is set, or give ID=SOCKET"
                + " or ID=KEYFILE", e.getMessage());
    }
}
