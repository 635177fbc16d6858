package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.builder.api.OutputSpec;
import dev.strata.builder.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -o type=local and type=tar of a multi-platform build: one directory per platform, as buildx splits them. */
class MultiPlatformFilesOutputTest {
    @TempDir
    Path tmp;

    @Test
    void eachPlatformInItsDirectory() throws IOException {
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", "FROM scratch\nARG TARGETARCH\nCOPY $TARGETARCH.txt /arch.txt\n");
        TestBuild.write(ctx, "amd64.txt", "amd64\n");
        TestBuild.write(ctx, "arm64.txt", "arm64\n");
        TestBuild.run(ctx, tmp.resolve("store"), b -> b.platform("linux/amd64,linux/arm64")
                .output(OutputSpec.parse("type=local,dest=" + tmp.resolve("out")))
                .output(OutputSpec.parse("type=tar,dest=" + tmp.resolve("out.tar"))));
        assertEquals("amd64\n", Files.readString(tmp.resolve("out/linux_amd64/arch.txt")));
        assertEquals("arm64\n", Files.readString(tmp.resolve("out/linux_arm64/arch.txt")));
        assertEquals("linux_amd64/\nlinux_amd64/arch.txt\nlinux_arm64/\nlinux_arm64/arch.txt\n",
                Command.ok("tar", "-tf", tmp.resolve("out.tar").toString()));
    }
}
