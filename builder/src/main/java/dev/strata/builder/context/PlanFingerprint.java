package dev.strata.builder.context;

import dev.strata.builder.context.digest.FileStat;
import dev.strata.builder.hash.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A digest of everything a plan's {@link CopyPlan#sourceDigests()} are made of, as the walk saw
 * it: each planned entry (target, type, source, host path, mode, owner, link, device numbers)
 * and, for each file, the lstat the stat cache keys its content by (size, mtime, inode,
 * ctime). A file whose stat is unchanged has its content unchanged, on the same terms as
 * {@link dev.strata.builder.context.digest.FileDigester}'s cache: only if it was last changed
 * long enough before (100 ms) that a later write cannot share its timestamps. Then two plans with
 * equal fingerprints have equal source digests, and a cached rebuild of 10,000 files skips their
 * 10,000 stat cache lookups and the 1.3 MB key document they make.
 */
final class PlanFingerprint {

    private static final String FORMAT = "strata copy plan fingerprint 1";

    private PlanFingerprint() {
    }

    /**
     * The fingerprint, or empty when the entries alone do not decide the digests: a heredoc (its
     * bytes are not a file), a file without its walk's stat, or one not {@linkplain FileStat#settledAt
     * settled} when the walk that took the stats began ({@code walkStartNanos}, epoch nanoseconds).
     */
    static Optional<Digest> of(List<PlannedNode> nodes, Map<Path, FileStat> stats, long walkStartNanos) {
        Sink sink = new Sink();
        sink.text(FORMAT);
        sink.fields(nodes.size(), 0, 0);
        for (PlannedNode n : nodes) {
            if (!add(sink, n, stats, walkStartNanos)) {
                return Optional.empty();
            }
        }
        return Optional.of(sink.digest());
    }

    /**
     * Adds one entry; false when it leaves the digests undecided. (One call per entry rather than a
     * loop body: a fresh JVM compiles a method called 10,000 times, but not a loop run once.)
     */
    private static boolean add(Sink sink, PlannedNode n, Map<Path, FileStat> stats, long walkStartNanos) {
        if (n.bytes() != null || n.type() == PlannedNode.Type.ARCHIVE) {
            return false;
        }
        sink.text(n.target());
        sink.text(n.source());
        sink.text(n.link());
        sink.text(n.host() == null ? "" : n.host().toString());
        // (a cache key ignores mtimes: they are left out)
        sink.fields(n.type().ordinal() << 16 | n.mode() & 07777, n.uid(), n.gid());
        if (n.type() == PlannedNode.Type.CHARDEV || n.type() == PlannedNode.Type.BLOCKDEV) {
            sink.fields(0, n.major(), n.minor());
        }
        if (n.type() == PlannedNode.Type.FILE) {
            FileStat stat = n.host() == null ? null : stats.get(n.host());
            if (stat == null || !stat.settledAt(walkStartNanos)) {
                return false;
            }
            sink.stat(stat.size(), stat.mtimeNanos(), stat.inode(), stat.ctimeNanos());
        }
        return true;
    }

    /**
     * Bytes to hash, gathered in a buffer written with plain stores and few calls: the
     * fingerprint of 10,000 files runs once in a fresh JVM, where every call (a ByteBuffer's
     * puts, a MessageDigest's updates) is interpreted.
     */
    private static final class Sink {
        private final MessageDigest sha = Digest.newSha256();
        private final byte[] buffer = new byte[1 << 16];
        private int size;

        private void room(int bytes) {
            if (size + bytes > buffer.length) {
                sha.update(buffer, 0, size);
                size = 0;
            }
        }

        /** An int and two longs, big-endian. */
        void fields(int a, long b, long c) {
            room(20);
            byte[] x = buffer;
            int i = size;
            x[i] = (byte) (a >>> 24);
            x[i + 1] = (byte) (a >>> 16);
            x[i + 2] = (byte) (a >>> 8);
            x[i + 3] = (byte) a;
            x[i + 4] = (byte) (b >>> 56);
            x[i + 5] = (byte) (b >>> 48);
            x[i + 6] = (byte) (b >>> 40);
            x[i + 7] = (byte) (b >>> 32);
            x[i + 8] = (byte) (b >>> 24);
            x[i + 9] = (byte) (b >>> 16);
            x[i + 10] = (byte) (b >>> 8);
            x[i + 11] = (byte) b;
            x[i + 12] = (byte) (c >>> 56);
            x[i + 13] = (byte) (c >>> 48);
            x[i + 14] = (byte) (c >>> 40);
            x[i + 15] = (byte) (c >>> 32);
            x[i + 16] = (byte) (c >>> 24);
            x[i + 17] = (byte) (c >>> 16);
            x[i + 18] = (byte) (c >>> 8);
            x[i + 19] = (byte) c;
            size = i + 20;
        }

        void stat(long bytes, long mtime, long inode, long ctime) {
            fields(0, bytes, mtime);
            fields(0, inode, ctime);
        }

        /** Length-prefixed, so that no two sequences of texts give the same bytes. */
        void text(String text) {
            if (text.isEmpty()) {
                room(4);
                byte[] x = buffer;
                int i = size;
                x[i] = 0;
                x[i + 1] = 0;
                x[i + 2] = 0;
                x[i + 3] = 0;
                size = i + 4;
                return;
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int n = bytes.length;
            room(4);
            byte[] x = buffer;
            int i = size;
            x[i] = (byte) (n >>> 24);
            x[i + 1] = (byte) (n >>> 16);
            x[i + 2] = (byte) (n >>> 8);
            x[i + 3] = (byte) n;
            size = i + 4;
            if (n > buffer.length - size) {
                sha.update(buffer, 0, size);
                size = 0;
                if (n > buffer.length) {
                    sha.update(bytes);
                    return;
                }
            }
            System.arraycopy(bytes, 0, buffer, size, n);
            size += n;
        }

        Digest digest() {
            sha.update(buffer, 0, size);
            return Digest.fromMessageDigest(sha.digest());
        }
    }
}
