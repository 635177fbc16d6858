package dev.strata.builder.context.digest;

import dev.strata.builder.hash.Digest;
import dev.strata.builder.rootfs.Xattrs;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * sha256 of files, read in parallel, remembered across builds in a stat cache file (path, size,
 * mtime, inode, ctime → digest) so an unchanged file is never read twice. Files modified in the
 * last 100 ms are hashed but not remembered, since a later write within the same clock tick
 * could leave their stat unchanged. Thread-safe for {@link #digest}; {@link #save} once at the end.
 */
public final class FileDigester {

    /**
     * 3: lengths in bytes and UTF-8, digests with their files' xattrs (1 was {@code
     * DataOutputStream.writeUTF}, 2 had no xattrs); another format is an empty cache.
     */
    private static final int FORMAT = 3;
    private static final int MAX_ENTRIES = 500_000;
    /** What follows a file's content digest when it has {@code user.*} xattrs. */
    public static final String XATTRS = ";user-xattrs=";
    /** A larger file is not read (500,000 entries of typical paths take ~60 MB). */
    private static final long MAX_FILE = 256L << 20;

    private record Cached(FileStat stat, String digest) {
    }

    private final Path cacheFile;
    private final Map<String, Cached> cache;
    private final Map<String, Cached> touched = new ConcurrentHashMap<>();
    private final int threads;
    private volatile boolean dirty;

    private FileDigester(Path cacheFile, Map<String, Cached> cache, int threads) {
        this.cacheFile = cacheFile;
        this.cache = cache;
        this.threads = threads;
    }

    /** A digester without a cache file (everything is read). */
    public static FileDigester uncached() {
        return new FileDigester(null, new ConcurrentHashMap<>(), 2);
    }

    /** Loads the stat cache from {@code cacheFile} (a missing or unreadable file is an empty cache). */
    public static FileDigester open(Path cacheFile, int threads) {
        return new FileDigester(cacheFile, load(cacheFile), Math.max(1, threads));
    }

    /**
     * As {@link #open}, read on a thread of its own: a COPY starts it before walking its sources,
     * so the 10,000 entries of a large context are read while the walk runs (~40 ms either way).
     */
    public static CompletableFuture<FileDigester> openInBackground(Path cacheFile, int threads) {
        return CompletableFuture.supplyAsync(() -> open(cacheFile, threads), task -> {
            Thread thread = new Thread(task, "strata-stat-cache");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /**
     * What each file, in the order given, puts in a cache key: {@code sha256:<hex>} of its bytes,
     * followed by {@code ;user-xattrs=sha256:<hex>} of its {@code user.*} extended attributes when
     * it has any (a COPY keeps them in the layer, as BuildKit does).
     */
    public List<String> digest(List<Path> files) throws IOException {
        List<FileStat> stats = new ArrayList<>(files.size());
        for (Path f : files) {
            stats.add(FileStat.of(f));
        }
        return digest(files, stats);
    }

    /** As {@link #digest(List)}, with the stats the caller already took (one lstat per file saved). */
    public List<String> digest(List<Path> files, List<FileStat> stats) throws IOException {
        String[] out = new String[files.size()];
        List<Integer> toHash = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            FileStat stat = stats.get(i);
            String key = key(f);
            Cached c = cache.get(key);
            if (c != null && c.stat().equals(stat)) {
                out[i] = c.digest();
                touched.put(key, c);
            } else {
                toHash.add(i);
            }
        }
        toHash.sort(Comparator.comparingLong((Integer i) -> stats.get(i).size()).reversed());
        if (toHash.size() <= 1 || threads == 1) {
            for (int i : toHash) {
                out[i] = hashAndRemember(files.get(i), stats.get(i));
            }
            return List.of(out);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, toHash.size()));
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i : toHash) {
                futures.add(pool.submit(() -> hashAndRemember(files.get(i), stats.get(i))));
            }
            for (int k = 0; k < toHash.size(); k++) {
                out[toHash.get(k)] = futures.get(k).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return List.of(out);
    }

    /** Writes the cache (temp file + atomic rename) if a digest was added. Entries seen in this build come first. */
    public void save() throws IOException {
        if (cacheFile == null || !dirty) {
            return;
        }
        Map<String, Cached> all = new LinkedHashMap<>(touched);
        for (Map.Entry<String, Cached> e : cache.entrySet()) {
            if (all.size() >= MAX_ENTRIES) {
                break;
            }
            all.putIfAbsent(e.getKey(), e.getValue());
        }
        Files.createDirectories(cacheFile.getParent());
        Path tmp = Files.createTempFile(cacheFile.getParent(), ".stat-cache", ".tmp");
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING), 1 << 16))) {
                out.writeInt(FORMAT);
                all.values().removeIf(c -> c.digest().length() > 255); // a length byte; digests are 71 or 156 bytes
                out.writeInt(all.size());
                for (Map.Entry<String, Cached> e : all.entrySet()) {
                    byte[] path = e.getKey().getBytes(StandardCharsets.UTF_8);
                    byte[] digest = e.getValue().digest().getBytes(StandardCharsets.ISO_8859_1);
                    out.writeInt(path.length);
                    out.write(path);
                    FileStat s = e.getValue().stat();
                    out.writeLong(s.size());
                    out.writeLong(s.mtimeNanos());
                    out.writeLong(s.inode());
                    out.writeLong(s.ctimeNanos());
                    out.writeByte(digest.length);
                    out.write(digest);
                }
            }
            try {
                Files.move(tmp, cacheFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A hashing thread's buffer and digest, reused file after file: a buffer per file made a
     * 10,000-file context allocate (and zero) its whole size again. A heap buffer: a direct one is
     * freed only by a GC, and 100,000 small files then held gigabytes of native memory.
     */
    private static final ThreadLocal<Hashing> HASHING = ThreadLocal.withInitial(Hashing::new);

    private static final class Hashing {
        final MessageDigest md = Digest.newSha256();
        final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    }

    /** sha256 of a file's bytes, {@code sha256:<hex>}. */
    public static String sha256(Path file) throws IOException {
        Hashing hashing = HASHING.get();
        MessageDigest md = hashing.md;
        md.reset();
        byte[] buf = hashing.buffer.array();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int n;
            while ((n = ch.read(hashing.buffer.clear())) >= 0) {
                md.update(buf, 0, n);
            }
        }
        return Digest.fromMessageDigest(md.digest()).toString();
    }

    /** sha256 of bytes, {@code sha256:<hex>}. */
    public static String sha256(byte[] bytes) {
        return Digest.ofBytes(bytes).toString();
    }

    private String hashAndRemember(Path file, FileStat before) throws IOException {
        // (setting an attribute changes the ctime: a remembered digest stands for both)
        String digest = sha256(file) + xattrsSuffix(Xattrs.userXattrsOfFile(file));
        FileStat after = FileStat.of(file);
        long now = System.currentTimeMillis() * 1_000_000L;
        if (after.equals(before) && after.settledAt(now)) {
            Cached c = new Cached(after, digest);
            cache.put(key(file), c);
            touched.put(key(file), c);
            dirty = true;
        }
        return digest;
    }

    /** {@code ;user-xattrs=sha256:<hex>} of the attributes (sorted by name), or "" for none. */
    static String xattrsSuffix(Map<String, byte[]> xattrs) {
        if (xattrs.isEmpty()) {
            return "";
        }
        MessageDigest md = Digest.newSha256();
        for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(xattrs).entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            md.update(ByteBuffer.allocate(8).putInt(name.length).putInt(e.getValue().length).array());
            md.update(name);
            md.update(e.getValue());
        }
        return XATTRS + Digest.fromMessageDigest(md.digest());
    }

    private static String key(Path file) {
        return file.toAbsolutePath().toString();
    }

    /**
     * The entries of a cache file, or none when it is missing, of another format, larger than
     * {@link #MAX_FILE} or damaged. Read whole and decoded from the array: the loader runs once per
     * COPY in a fresh JVM, beside the walk, and {@code DataInputStream.readUTF}'s interpreted
     * character loop took ~50 ms of that core for 10,000 entries.
     */
    private static Map<String, Cached> load(Path cacheFile) {
        byte[] b;
        try {
            if (Files.size(cacheFile) > MAX_FILE) {
                return new ConcurrentHashMap<>();
            }
            b = Files.readAllBytes(cacheFile);
        } catch (IOException e) {
            return new ConcurrentHashMap<>();
        }
        if (b.length < 8 || int32(b, 0) != FORMAT) {
            return new ConcurrentHashMap<>();
        }
        int n = int32(b, 4);
        if (n < 0 || n > MAX_ENTRIES) {
            return new ConcurrentHashMap<>();
        }
        Map<String, Cached> map = new ConcurrentHashMap<>(n + n / 3 + 1);
        int i = 8;
        for (int k = 0; k < n && i >= 0; k++) {
            i = entry(b, i, map);
        }
        return i < 0 ? new ConcurrentHashMap<>() : map;
    }

    /**
     * Decodes the entry at {@code i} into {@code map}: the offset after it, or -1 when it is cut
     * short. (A method per entry: a fresh JVM compiles it, not a loop that runs once.)
     */
    private static int entry(byte[] b, int i, Map<String, Cached> map) {
        int pathLength = i + 4 <= b.length ? int32(b, i) : -1;
        if (pathLength < 0 || pathLength > b.length - i - 4 - 33) {
            return -1;
        }
        String path = new String(b, i + 4, pathLength, StandardCharsets.UTF_8);
        i += 4 + pathLength;
        FileStat s = new FileStat(int64(b, i), int64(b, i + 8), int64(b, i + 16), int64(b, i + 24));
        int digestLength = b[i + 32] & 0xff;
        i += 33;
        if (digestLength > b.length - i) {
            return -1;
        }
        map.put(path, new Cached(s, new String(b, i, digestLength, StandardCharsets.ISO_8859_1)));
        return i + digestLength;
    }

    private static int int32(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | b[i + 3] & 0xff;
    }

    private static long int64(byte[] b, int i) {
        return (long) int32(b, i) << 32 | int32(b, i + 4) & 0xffffffffL;
    }
}
