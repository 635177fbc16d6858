package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.Builder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A FROM that cannot be pulled: only the registry's 404 says "not found"; other failures keep the registry's line. */
class PullErrorMessagesTest {
    @TempDir
    Path tmp;

    private String buildFails(String from) throws IOException {
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + from + "\n");
        BuildRequest request = BuildRequest.builder(context).root(tmp.resolve("root")).build();
        return assertThrows(BuildException.class, () -> Builder.create().build(request)).getMessage();
    }

    @Test
    void unknownImageIsNotFound() throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"))) {
            String ref = registry.host() + "/nothing/here:1";
            String message = buildFails(ref);
            assertTrue(message.startsWith("Dockerfile:1: image \"" + ref + "\" not found"), message);
            assertEquals(1, message.lines().count(), message);
        }
    }

    @Test
    void authFailureIsNotCalledNotFound() throws IOException {
        try (TestRegistry registry = TestRegistry.start(tmp.resolve("registry"),
                TestRegistry.Setup.plain().withAuth("alice", "s3cret"))) {
            String ref = registry.host() + "/private/app:1";
            String message = buildFails(ref);
            assertTrue(message.startsWith("Dockerfile:1: image \"" + ref + "\": "), message);
            assertFalse(message.contains("not found"), message);
            assertTrue(message.contains(registry.host()), message);
            assertTrue(message.contains("401") || message.contains("authentication"), message);
            assertEquals(1, message.lines().count(), message);
        }
    }
}
