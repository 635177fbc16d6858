package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.Annotation;
import dev.strata.builder.api.BuildListener;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.CacheSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** buildx's --annotation, --no-cache-filter and local cache flags as a build request sees them. */
class BuildxCacheFlagsTest {
    @TempDir
    Path ctx;

    private BuildRequest request(Map<String, String> env, String... args) throws IOException {
        BuildCommand command = new BuildCommand();
        new CommandLine(command.spec()).parseArgs(args);
        return command.request(env, BuildListener.NONE);
    }

    @Test
    void flags() throws IOException {
        BuildRequest r = request(Map.of(), "--annotation", "index:a=b", "--annotation", "k=v", "--no-cache-filter", "build,Test",
                "--no-cache-filter", "2", "--cache-to", "type=local,dest=/c,mode=min", "--cache-from", "type=local,src=/c", ctx.toString());
        assertEquals(List.of(Annotation.parse("index:a=b"), Annotation.parse("k=v")), r.annotations());
        assertEquals(Set.of("build", "test", "2"), r.noCacheFilter());
        assertEquals(List.of(new CacheSpec(CacheSpec.Type.LOCAL, "/c", "latest", true)), r.cacheTo());
        assertEquals(List.of(new CacheSpec(CacheSpec.Type.LOCAL, "/c", "latest", false)), r.cacheFrom());
    }

    @Test
    void aSourceDateEpochFromTheEnvironmentOrTheFlagIsNotTheDefault() throws IOException {
        assertTrue(request(Map.of(), ctx.toString()).sourceDateEpochDefault());
        assertFalse(request(Map.of("SOURCE_DATE_EPOCH", "0"), ctx.toString()).sourceDateEpochDefault());
        assertFalse(request(Map.of(), "--source-date-epoch", "now", ctx.toString()).sourceDateEpochDefault());
    }
}
