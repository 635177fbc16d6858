package dev.strata.builder.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The committer time of the commit checked out where a build context lives (what
 * {@code git log -1 --format=%ct} prints), read from {@code .git} directly: no git program runs, so
 * a hostile repository configuration cannot run anything, and nothing is ever written. Loose and
 * packed refs and objects (deltas too), linked worktrees ({@code .git} files, {@code commondir}),
 * SHA-1 and SHA-256 repositories. Every read is of a regular file (never a FIFO or device, never
 * through a final symlink), bounded in size; delta chains and symbolic refs are bounded in depth, so
 * a hostile {@code .git} costs little and ends in "no time" rather than an error.
 */
public final class GitCommitTime {
    private static final int SMALL = 4096;
    private static final long PACKED_REFS_LIMIT = 16L << 20;
    private static final int OBJECT_LIMIT = 1 << 20;
    private static final int MAX_DEPTH = 50;
    private static final int MAX_PACKS = 256;
    private static final int MAX_PARENTS = 128;

    /**
     * What was found: the commit's committer time, its id and the checkout's top directory.
     *
     * @param commit the commit id in hex
     */
    public record Found(Instant time, String commit, Path checkout) {}

    private final Path gitDir;
    private final Path commonDir;

    private GitCommitTime(Path gitDir, Path commonDir) {
        this.gitDir = gitDir;
        this.commonDir = commonDir;
    }

    /** The time of the commit checked out in the git checkout holding {@code context}, if any can be read. */
    public static Optional<Found> of(Path context) {
        Path dir = context.toAbsolutePath().normalize();
        for (int i = 0; dir != null && i < MAX_PARENTS; i++, dir = dir.getParent()) {
            Path dotGit = dir.resolve(".git");
            BasicFileAttributes attrs = attributesOrNull(dotGit);
            if (attrs == null) {
                continue;
            }
            try {
                GitCommitTime repo = open(dotGit, attrs);
                return repo == null ? Optional.empty() : repo.headTime(dir);
            } catch (IOException | RuntimeException unreadable) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static GitCommitTime open(Path dotGit, BasicFileAttributes attrs) throws IOException {
        Path gitDir;
        if (attrs.isDirectory()) {
            gitDir = dotGit;
        } else if (attrs.isRegularFile()) {
            String text = text(dotGit, SMALL).strip();
            if (!text.startsWith("gitdir: ")) {
                return null;
            }
            gitDir = dotGit.getParent().resolve(text.substring("gitdir: ".length()).strip()).normalize();
        } else {
            return null;
        }
        Path common = gitDir;
        Path commondirFile = gitDir.resolve("commondir");
        if (isRegular(commondirFile)) {
            common = gitDir.resolve(text(commondirFile, SMALL).strip()).normalize();
        }
        return new GitCommitTime(gitDir, common);
    }

    private Optional<Found> headTime(Path checkout) throws IOException {
        String id = resolve("HEAD", 0);
        if (id == null) {
            return Optional.empty();
        }
        byte[] commit = object(id);
        if (commit == null) {
            return Optional.empty();
        }
        for (String line : new String(commit, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.startsWith("committer ")) {
                String[] words = line.split(" ");
                if (words.length >= 3) {
                    long seconds = Long.parseLong(words[words.length - 2]);
                    if (seconds >= 0 && seconds <= 253402300799L) {
                        return Optional.of(new Found(Instant.ofEpochSecond(seconds), id, checkout));
                    }
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The object id {@code ref} names (HEAD, refs/heads/main, or an id), or null. */
    private String resolve(String ref, int depth) throws IOException {
        if (depth > 5) {
            return null;
        }
        if (isId(ref)) {
            return ref;
        }
        if (!ref.equals("HEAD") && !(ref.startsWith("refs/") && ref.matches("[A-Za-z0-9._/-]+") && !ref.contains("..")
                && !ref.contains("//") && !ref.endsWith("/"))) {
            return null;
        }
        for (Path base : ref.equals("HEAD") ? new Path[] {gitDir} : new Path[] {gitDir, commonDir}) {
            Path file = base.resolve(ref);
            if (isRegular(file)) {
                String value = text(file, SMALL).strip();
                return value.startsWith("ref: ") ? resolve(value.substring(5).strip(), depth + 1) : isId(value) ? value : null;
            }
        }
        Path packed = commonDir.resolve("packed-refs");
        if (isRegular(packed)) {
            for (String line : text(packed, PACKED_REFS_LIMIT).split("\n")) {
                int space = line.indexOf(' ');
                if (space > 0 && line.substring(space + 1).equals(ref) && isId(line.substring(0, space))) {
                    return line.substring(0, space);
                }
            }
        }
        return null;
    }

    private static boolean isId(String s) {
        return (s.length() == 40 || s.length() == 64) && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** The content of commit {@code id} (header stripped), or null when it is not a readable commit. */
    private byte[] object(String id) throws IOException {
        Path loose = commonDir.resolve("objects").resolve(id.substring(0, 2)).resolve(id.substring(2));
        if (isRegular(loose)) {
            byte[] raw = inflate(bytes(loose, OBJECT_LIMIT), OBJECT_LIMIT + 64);
            int nul = indexOf(raw, (byte) 0);
            if (nul < 0 || !new String(raw, 0, nul, StandardCharsets.US_ASCII).startsWith("commit ")) {
                return null;
            }
            return java.util.Arrays.copyOfRange(raw, nul + 1, raw.length);
        }
        Path packs = commonDir.resolve("objects").resolve("pack");
        if (attributesOrNull(packs) == null || !attributesOrNull(packs).isDirectory()) {
            return null;
        }
        byte[] name = HexFormat.of().parseHex(id);
        int seen = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(packs, "pack-*.idx")) {
            for (Path idx : entries) {
                if (++seen > MAX_PACKS) {
                    break;
                }
                Path pack = packs.resolve(idx.getFileName().toString().replaceFirst("\\.idx$", ".pack"));
                if (!isRegular(idx) || !isRegular(pack)) {
                    continue;
                }
                try (Pack p = new Pack(idx, pack, name.length)) {
                    long offset = p.find(name);
                    if (offset >= 0) {
                        Pack.Obj obj = p.read(offset, 0);
                        return obj != null && obj.type() == 1 ? obj.data() : null;
                    }
                }
            }
        }
        return null;
    }

    static byte[] inflate(byte[] compressed, int limit) throws IOException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException("truncated object");
                }
                out.write(buffer, 0, n);
                if (out.size() > limit) {
                    throw new IOException("object too large");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IOException("corrupt object", e);
        } finally {
            inflater.end();
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static boolean isRegular(Path path) {
        BasicFileAttributes attrs = attributesOrNull(path);
        return attrs != null && attrs.isRegularFile();
    }

    static BasicFileAttributes attributesOrNull(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(Path file, long limit) throws IOException {
        return new String(bytes(file, limit), StandardCharsets.UTF_8);
    }

    /** A regular file's bytes, at most {@code limit} (more is refused). */
    static byte[] bytes(Path file, long limit) throws IOException {
        if (!isRegular(file)) {
            throw new IOException(file + " is not a regular file");
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            if (channel.size() > limit) {
                throw new IOException(file + " is too large");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // fill
            }
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }
    }
}
