package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker's credential helper convention ({@code credHelpers} in {@code $DOCKER_CONFIG/config.json}
 * naming a {@code docker-credential-NAME} program on PATH) against a real htpasswd registry. The
 * CLI runs in a child JVM because the helper is looked up on the process's own PATH.
 */
class CredentialHelperTest {
    @TempDir
    Path tmp;

    @Test
    void pushAuthenticatesThroughTheHelperAndAWrongSecretIsAOneLineErrorWithoutIt() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"), "strata", "right-secret")) {
            String host = registry.host();
            Path root = tmp.resolve("store");
            ImageCommandsTest.build(tmp, root, "app:1.0", ImageCommandsTest.APP, "hello\n");

            Process good = strata(helper("good", "right-secret"), host, root, "push", "--insecure-registry", host,
                    "app:1.0", host + "/team/app:1.0");
            String goodOut = output(good);
            assertEquals(0, good.waitFor(), goodOut);
            ExternalTool.ok("skopeo", "inspect", "--tls-verify=false", "--creds", "strata:right-secret",
                    "docker://" + host + "/team/app:1.0");

            Process bad = strata(helper("bad", "wrong-secret"), host, root, "push", "--insecure-registry", host,
                    "app:1.0", host + "/team/app:2.0");
            String badOut = output(bad);
            assertEquals(1, bad.waitFor(), badOut);
            assertEquals(1, badOut.lines().count(), badOut);
            assertFalse(badOut.contains("wrong-secret"), badOut);
        }
    }

    /** A directory holding {@code docker-credential-strata-test}, which answers with {@code secret}. */
    private Path helper(String name, String secret) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("helpers-" + name));
        Path program = dir.resolve("docker-credential-strata-test");
        Files.writeString(program, """
                #!/bin/sh
                read server
                printf '{"ServerURL":"%%s","Username":"strata","Secret":"%s"}\\n' "$server"
                """.formatted(secret), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private Process strata(Path helperDir, String host, Path root, String... args) throws IOException {
        Path config = Files.createDirectories(helperDir.resolve("docker-config"));
        Files.writeString(config.resolve("config.json"), "{\"credHelpers\": {\"" + host + "\": \"strata-test\"}}");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.strata.cli.Main"));
        command.addAll(List.of(args[0], "--root", root.toString())); // the subcommand, then its options
        command.addAll(List.of(args).subList(1, args.length));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", helperDir + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("DOCKER_CONFIG", config.toString());
        return pb.start();
    }

    private static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
