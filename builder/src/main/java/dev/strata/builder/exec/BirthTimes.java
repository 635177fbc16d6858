package dev.strata.builder.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Birth times of files (statx), which Java 17 cannot read: one {@code stat} process per batch.
 * Empty where the file system does not record them. Never follows a symlink.
 */
final class BirthTimes {
    private static final int BATCH = 500;

    private BirthTimes() {}

    static Map<Path, Optional<Instant>> of(List<Path> paths) throws IOException {
        Map<Path, Optional<Instant>> result = new HashMap<>();
        for (int from = 0; from < paths.size(); from += BATCH) {
            List<Path> batch = paths.subList(from, Math.min(paths.size(), from + BATCH));
            List<String> command = new ArrayList<>(List.of("stat", "--printf", "%W %w %n\\0", "--"));
            batch.forEach(p -> command.add(p.toString()));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("LC_ALL", "C");
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process process = builder.start();
            process.getOutputStream().close();
            Map<String, Optional<Instant>> byName = new HashMap<>();
            for (String record : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\0")) {
                String[] parts = record.split(" ", 5); // seconds, date, time, zone, name (missing files print nothing)
                if (parts.length == 5) {
                    byName.put(parts[4], parse(parts));
                }
            }
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading birth times", e);
            }
            for (Path path : batch) {
                result.put(path, byName.getOrDefault(path.toString(), Optional.empty()));
            }
        }
        return result;
    }

    /** {@code %W %w}: seconds (0 when unknown), then "YYYY-MM-DD hh:mm:ss.nnnnnnnnn +zzzz" or "-". */
    private static Optional<Instant> parse(String[] parts) {
        if (parts[0].equals("0") || !parts[0].matches("[0-9]+")) {
            return Optional.empty();
        }
        int dot = parts[2].indexOf('.');
        long nanos = dot < 0 ? 0 : Long.parseLong((parts[2].substring(dot + 1) + "000000000").substring(0, 9));
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(parts[0]), nanos));
    }
}
