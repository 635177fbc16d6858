package dev.strata.builder.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The fields of {@code /proc/self/status} ({@code Uid}, {@code CapEff}, {@code NoNewPrivs}...), by name. */
public final class ProcessStatus {
    private ProcessStatus() {}

    public static Map<String, String> fields() throws IOException {
        Map<String, String> fields = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }
}
