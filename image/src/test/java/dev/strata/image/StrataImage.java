package dev.strata.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Strata image, built by Strata (cli/target/strata.jar on the host) from image/Containerfile
 * on the cached Debian base, saved as a docker archive and loaded into a podman storage of its
 * own (so the host's podman images are left alone). Not thread-safe.
 */
final class StrataImage implements AutoCloseable {
    static final String NAME = "localhost/strata-pod-test:latest";
    private static final List<String> SANDBOX = List.of("--runtime", "/usr/sbin/runc",
            "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=32768:32768");

    private final Path work;

    private StrataImage(Path work) {
        this.work = work;
    }

    static Path strataJar() {
        Path jar = Path.of(System.getenv().getOrDefault("STRATA_JAR", "../cli/target/strata.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            Sh.skipOrFail(jar + " is missing: run ./mvnw package (the reactor packages cli before image)");
        }
        return jar;
    }

    static Path containerfile() {
        return Path.of(System.getenv().getOrDefault("STRATA_CONTAINERFILE", "Containerfile")).toAbsolutePath();
    }

    /** Runs the strata jar on the host, as a separate JVM. */
    static Sh hostStrata(List<String> args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", strataJar().toString()));
        argv.addAll(args);
        return Sh.run(Duration.ofMinutes(10), argv);
    }

    /** Builds the image with Strata and loads it into a private podman storage under {@code work}. */
    static StrataImage build(Path work) throws IOException {
        Sh.require("podman");
        Path base = PodBase.layout();
        Path context = Files.createDirectories(work.resolve("image-context"));
        Files.copy(strataJar(), context.resolve("strata.jar"));
        Path archive = work.resolve("strata-image.tar");
        Sh built = hostStrata(List.of("build", "--root", work.resolve("host-store").toString(), "--progress=plain",
                "-f", containerfile().toString(), "--build-arg", "BASE=podbase",
                "--build-context", "podbase=oci-layout://" + base + ":" + PodBase.TAG,
                "-t", NAME, "-o", "type=docker,dest=" + archive, context.toString()));
        if (built.exitCode() != 0) {
            throw new AssertionError("strata could not build its own image:\n" + built.output());
        }
        StrataImage image = new StrataImage(work);
        Sh.ok(Duration.ofMinutes(5), image.podman(List.of("load", "-i", archive.toString())));
        Files.delete(archive);
        return image;
    }

    List<String> podman(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("podman", "--root", work.resolve("podman/root").toString(),
                "--runroot", work.resolve("podman/run").toString(), "--storage-driver", "overlay"));
        argv.addAll(args);
        return argv;
    }

    /** {@code podman run --rm} of the image in the pod-like sandbox with {@code options}, then {@code command}. */
    Sh run(List<String> options, List<String> command) {
        List<String> args = new ArrayList<>(List.of("run", "--rm"));
        args.addAll(SANDBOX);
        args.addAll(options);
        args.add(NAME);
        args.addAll(command);
        return Sh.run(Duration.ofMinutes(10), podman(args));
    }

    @Override
    public void close() {
        Sh.run(podman(List.of("rmi", "-a", "-f")).toArray(String[]::new));
        Sh.run("rm", "-rf", work.resolve("podman").toString());
    }
}
