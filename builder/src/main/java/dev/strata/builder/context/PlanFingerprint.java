package dev.strata.builder.context;

import dev.strata.builder.context.digest.FileStat;
import dev.strata.builder.hash.Digest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A digest of everything a plan's {@link CopyPlan#sourceDigests()} are made of, as the walk saw
 * it: each planned entry (target, type, source, host path, mode, owner, mtime, link, device
 * numbers) and, for each file, the lstat the stat cache keys its content by (size, mtime, inode,
 * ctime). A file whose stat is unchanged has its content unchanged, on the same terms as
 * {@link dev.strata.builder.context.digest.FileDigester}'s cache: only if it was last changed
 * long enough before (100 ms) that a later write cannot share its timestamps. Then two plans with
 * equal fingerprints have equal source digests, and a cached rebuild of 10,000 files skips their
 * 10,000 stat cache lookups and the 1.3 MB key document they make.
 */
final class PlanFingerprint {

    private static final long RACY_NANOS = 100_000_000L;
    private static final byte[] FORMAT = "strata copy plan fingerprint 1".getBytes(StandardCharsets.UTF_8);

    private PlanFingerprint() {
    }

    /**
     * The fingerprint, or empty when the entries alone do not decide the digests: a heredoc (its
     * bytes are not a file), a file without its walk's stat, or one changed within 100 ms of
     * {@code nowNanos} (or later).
     */
    static Optional<Digest> of(List<PlannedNode> nodes, Map<Path, FileStat> stats, long nowNanos) {
        MessageDigest sha = Digest.newSha256();
        ByteBuffer buffer = ByteBuffer.allocate(64);
        sha.update(FORMAT);
        sha.update(longs(buffer, nodes.size()));
        for (PlannedNode n : nodes) {
            if (n.bytes() != null || n.type() == PlannedNode.Type.ARCHIVE) {
                return Optional.empty();
            }
            text(sha, buffer, n.target());
            text(sha, buffer, n.source());
            text(sha, buffer, n.link());
            text(sha, buffer, n.host() == null ? "" : n.host().toString());
            buffer.clear().putInt(n.type().ordinal()).putInt(n.mode()).putLong(n.uid()).putLong(n.gid())
                    .putLong(n.mtime() == null ? Long.MIN_VALUE : n.mtime().getEpochSecond())
                    .putInt(n.mtime() == null ? -1 : n.mtime().getNano()).putInt(n.major()).putInt(n.minor());
            sha.update(buffer.flip());
            if (n.type() == PlannedNode.Type.FILE) {
                FileStat stat = n.host() == null ? null : stats.get(n.host());
                if (stat == null || nowNanos - stat.mtimeNanos() <= RACY_NANOS || nowNanos - stat.ctimeNanos() <= RACY_NANOS) {
                    return Optional.empty();
                }
                buffer.clear().putLong(stat.size()).putLong(stat.mtimeNanos()).putLong(stat.inode()).putLong(stat.ctimeNanos());
                sha.update(buffer.flip());
            }
        }
        return Optional.of(Digest.fromMessageDigest(sha.digest()));
    }

    private static ByteBuffer longs(ByteBuffer buffer, long value) {
        return buffer.clear().putLong(value).flip();
    }

    /** Length-prefixed, so that no two sequences of texts give the same bytes. */
    private static void text(MessageDigest sha, ByteBuffer buffer, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(longs(buffer, bytes.length));
        sha.update(bytes);
    }
}
