package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code RUN setcap cap_net_bind_service=+ep FILE} keeps the capability in the step's layer
 * ({@code SCHILY.xattr.security.capability}, the plain v2 value), as Docker's layer does: a
 * web server then binds port 80 as a non-root user of the image. In each way a step runs on
 * overlayfs: runc, and runc in a user namespace (there the kernel writes a namespaced value).
 */
class FileCapabilityRunTest {
    /** v2, effective, permitted = 1 << CAP_NET_BIND_SERVICE (10), as setcap writes it. */
    static final byte[] NET_BIND_SERVICE = {1, 0, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    static Path store;
    static Path base;

    @BeforeAll
    static void setUp() throws IOException {
        Path setcap = Tools.require("setcap");
        store = Files.createTempDirectory("strata-fcaps-test");
        base = BusyboxRoot.create(Files.createDirectories(store.resolve("layers/base")));
        // the host's setcap and the libraries it loads, at their own paths in the root
        List<String> files = new ArrayList<>(List.of(setcap.toRealPath().toString()));
        for (String line : Command.ok("ldd", setcap.toString()).split("\n")) {
            for (String word : line.trim().split("\\s+")) {
                if (word.startsWith("/")) {
                    files.add(word);
                }
            }
        }
        for (String file : files) {
            Path inRoot = base.resolve(file.substring(1));
            Files.createDirectories(inRoot.getParent());
            Files.copy(Path.of(file).toRealPath(), inRoot, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Command.ok("chmod", "0755", inRoot.toString());
        }
        Files.writeString(base.resolve("setcap-path"), setcap.toRealPath().toString(), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void tearDown() {
        if (store != null) {
            Command.ok("rm", "-rf", store.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "userns"})
    void setcapInARunStepReachesTheLayer(String mode) throws Exception {
        String setcap = Files.readString(base.resolve("setcap-path"));
        List<String> out = new ArrayList<>();
        try (RunExecutor executor = HostileRootTest.executor(mode, store.resolve("store-" + mode));
                RunOutcome run = executor.run(List.of(base), RunRequest.of(List.of("/bin/sh", "-c",
                        "cp /bin/busybox /bin/web && cp /bin/busybox /bin/plain && " + setcap + " cap_net_bind_service=+ep /bin/web && echo set"),
                        List.of(), "/", ""), out::add)) {
            assertEquals("set", out.get(out.size() - 1), String.join("\n", out));
            Map<String, LayerEntry> entries = RunExecutorTest.byPath(run.changes());
            LayerEntry web = entries.get("bin/web");
            assertInstanceOf(LayerEntry.RegularFile.class, web, entries.keySet().toString());
            Map<String, byte[]> xattrs = ((LayerEntry.RegularFile) web).attributes().xattrs();
            assertTrue(xattrs != null && xattrs.containsKey("security.capability"), "no capability in the layer: " + xattrs);
            assertArrayEquals(NET_BIND_SERVICE, xattrs.get("security.capability"));
            Map<String, byte[]> plain = ((LayerEntry.RegularFile) entries.get("bin/plain")).attributes().xattrs();
            assertNull(plain == null ? null : plain.get("security.capability"), "a file without capabilities gets none");
        }
    }
}
