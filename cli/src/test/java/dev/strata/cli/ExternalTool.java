package dev.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Runs a real tool (skopeo, umoci) from /usr/bin: skipped with a loud message when missing, failing in CI. */
record ExternalTool(int exitCode, String output) {
    static ExternalTool run(String tool, String... args) throws IOException {
        Path exe = Path.of("/usr/bin", tool);
        if (!Files.isExecutable(exe)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(tool + " is not installed");
            }
            System.err.println("!!! SKIPPED: " + tool + " is not installed");
            Assumptions.abort(tool + " is not installed");
        }
        String[] argv = new String[args.length + 1];
        argv[0] = exe.toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new ExternalTool(p.waitFor(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs the tool, which must succeed. */
    static String ok(String tool, String... args) throws IOException {
        ExternalTool r = run(tool, args);
        if (r.exitCode() != 0) {
            throw new AssertionError(tool + " " + String.join(" ", args) + " failed: " + r.output());
        }
        return r.output();
    }

    /** {@code skopeo ARGS} parsed as JSON. */
    static JsonNode skopeo(String... args) throws IOException {
        return new ObjectMapper().readTree(ok("skopeo", args));
    }
}
