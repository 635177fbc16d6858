package dev.strata.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.context.digest.FileStat;
import dev.strata.builder.hash.Digest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanFingerprintTest {
    private static final long NOW = 1_800_000_000_000_000_000L;
    private static final long HOUR = 3_600_000_000_000L;
    private static final Path HOST = Path.of("/ctx/src/a.txt");
    private static final FileStat STAT = new FileStat(5, NOW - HOUR, 42, NOW - HOUR);

    private static PlannedNode file(String target, int mode, long uid) {
        return new PlannedNode(target, PlannedNode.Type.FILE, "src/a.txt", HOST, null, mode, uid, 0, Instant.EPOCH, "", 0, 0);
    }

    private static final PlannedNode DIR = PlannedNode.dir("/app", "src", 0755, 0, 0, Instant.EPOCH);
    private static final PlannedNode LINK = new PlannedNode("/app/l", PlannedNode.Type.SYMLINK, "src/l", null, null, 0777, 0, 0,
            Instant.EPOCH, "a.txt", 0, 0);

    private static Optional<Digest> of(List<PlannedNode> nodes, FileStat stat) {
        return PlanFingerprint.of(nodes, Map.of(HOST, stat), NOW);
    }

    @Test
    void theSameWalkGivesTheSameFingerprint() {
        assertEquals(of(List.of(DIR, file("/app/a.txt", 0644, 0), LINK), STAT),
                of(List.of(DIR, file("/app/a.txt", 0644, 0), LINK), new FileStat(5, NOW - HOUR, 42, NOW - HOUR)));
        assertTrue(of(List.of(DIR, file("/app/a.txt", 0644, 0), LINK), STAT).isPresent());
    }

    @Test
    void anyEntryOrStatChangeGivesAnotherFingerprint() {
        Optional<Digest> base = of(List.of(DIR, file("/app/a.txt", 0644, 0), LINK), STAT);
        List<Optional<Digest>> others = List.of(
                of(List.of(DIR, file("/app/b.txt", 0644, 0), LINK), STAT),
                of(List.of(DIR, file("/app/a.txt", 0600, 0), LINK), STAT),
                of(List.of(DIR, file("/app/a.txt", 0644, 1000), LINK), STAT),
                of(List.of(DIR, file("/app/a.txt", 0644, 0)), STAT),
                of(List.of(file("/app/a.txt", 0644, 0), DIR, LINK), STAT),
                of(List.of(DIR, file("/app/a.txt", 0644, 0), new PlannedNode("/app/l", PlannedNode.Type.SYMLINK, "src/l", null,
                        null, 0777, 0, 0, Instant.EPOCH, "b.txt", 0, 0)), STAT),
                of(List.of(DIR, file("/app/a.txt", 0644, 0), LINK), new FileStat(6, NOW - HOUR, 42, NOW - HOUR)),
                of(List.of(DIR, file("/app/a.txt", 0644, 0), LINK), new FileStat(5, NOW - HOUR + 1, 42, NOW - HOUR)),
                of(List.of(DIR, file("/app/a.txt", 0644, 0), LINK), new FileStat(5, NOW - HOUR, 43, NOW - HOUR)),
                of(List.of(DIR, file("/app/a.txt", 0644, 0), LINK), new FileStat(5, NOW - HOUR, 42, NOW - HOUR + 1)));
        for (Optional<Digest> other : others) {
            assertTrue(other.isPresent());
            assertNotEquals(base, other);
        }
        assertEquals(others.size(), others.stream().distinct().count());
    }

    @Test
    void aFileChangedLessThan100msAgoOrLaterHasNoFingerprint() {
        List<PlannedNode> nodes = List.of(DIR, file("/app/a.txt", 0644, 0));
        assertEquals(Optional.empty(), of(nodes, new FileStat(5, NOW - 50_000_000L, 42, NOW - HOUR)), "mtime");
        assertEquals(Optional.empty(), of(nodes, new FileStat(5, NOW - HOUR, 42, NOW - 99_000_000L)), "ctime");
        assertEquals(Optional.empty(), of(nodes, new FileStat(5, NOW + HOUR, 42, NOW + HOUR)), "a clock behind the file's");
        assertTrue(of(nodes, new FileStat(5, NOW - 150_000_000L, 42, NOW - 150_000_000L)).isPresent());
    }

    @Test
    void heredocsAndFilesWithoutTheirStatHaveNoFingerprint() {
        PlannedNode heredoc = new PlannedNode("/app/run.sh", PlannedNode.Type.FILE, "<<EOF", null, "echo\n".getBytes(), 0644, 0, 0,
                Instant.EPOCH, "", 0, 0);
        assertEquals(Optional.empty(), of(List.of(DIR, heredoc), STAT));
        assertEquals(Optional.empty(), PlanFingerprint.of(List.of(DIR, file("/app/a.txt", 0644, 0)), Map.of(), NOW));
    }
}
