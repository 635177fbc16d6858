package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.NamedContext;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code RUN <<EOF} whose body starts with {@code #!} runs as a script file, as BuildKit runs it. */
class RunHeredocScriptTest {
    @TempDir
    Path tmp;

    private static final String DOCKERFILE = """
            FROM base
            RUN <<EOF
            #!/bin/sh -e
            echo "$0 %s" > /script.txt
            EOF
            RUN <<EOF
            echo "$0" > /shell.txt
            EOF
            """;

    @Test
    void shebangHeredocRunsAsAFileAndOthersThroughTheShell() throws IOException {
        Tools.require("runc");
        Path layout = BusyboxLayout.create(tmp.resolve("busybox"), "1.0");
        NamedContext base = NamedContext.parse("base=oci-layout://" + layout + ":1.0");
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", DOCKERFILE.formatted("one"));
        Path root = tmp.resolve("store");
        TestBuild.run(ctx, root, b -> b.buildContext(base).tag("h:1"));
        Path rootfs = TestBuild.unpack(root, "h:1", tmp.resolve("bundle"));
        assertEquals("/dev/pipes/EOF one\n", Files.readString(rootfs.resolve("script.txt")));
        assertEquals("/bin/sh\n", Files.readString(rootfs.resolve("shell.txt")));
        assertFalse(Files.exists(rootfs.resolve("dev/pipes/EOF")));
        List<String> history = new ArrayList<>();
        TestBuild.config(root, "h:1").get("history").forEach(h -> history.add(h.get("created_by").asText()));
        assertTrue(history.contains("RUN /bin/sh -c /dev/pipes/EOF # buildkit"), history.toString());

        TestBuild.write(ctx, "Dockerfile", DOCKERFILE.formatted("two"));
        TestBuild.run(ctx, root, b -> b.buildContext(base).tag("h:2"));
        assertEquals("/dev/pipes/EOF two\n", Files.readString(TestBuild.unpack(root, "h:2", tmp.resolve("b2")).resolve("script.txt")));
    }
}
