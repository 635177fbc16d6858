package dev.strata.builder.context.archive;

import dev.strata.builder.context.pattern.PathNames;
import dev.strata.builder.rootfs.FileCapability;
import dev.strata.builder.tar.RawPaxTarInputStream;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Reads the tar archives ADD extracts. The format is found from the content (gzip, bzip2, xz
 * and zstd magic numbers, then a valid tar header), never from the file name. Member names are
 * cleaned as Docker's untar does; a member or hard link that would land outside the destination,
 * or a member named like a layer whiteout ({@code .wh.*}), is an error, never written. A symlink's
 * target is kept as written, also one climbing above the destination: Docker's untar runs chrooted
 * into the destination, where {@code ..} stops at its root, and so does the extraction of what lies
 * behind such a link.
 */
public final class ArchiveReader {

    private static final int MAX_PATH = 4096;
    private static final String XATTR = "SCHILY.xattr.";
    private static final byte[] GZIP = {0x1f, (byte) 0x8b};
    private static final byte[] BZIP2 = {'B', 'Z', 'h'};
    private static final byte[] XZ = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
    private static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    private ArchiveReader() {
    }

    /**
     * Whether the first bytes of a stream (at least 512 for a plain tar) start a tar archive or a
     * compressed stream, as Docker tells a context tar from a Dockerfile on standard input.
     */
    public static boolean looksLikeArchive(byte[] head, int length) {
        byte[] h = Arrays.copyOf(head, length);
        return startsWith(h, GZIP) || startsWith(h, BZIP2) || startsWith(h, XZ) || startsWith(h, ZSTD)
                || TarArchiveInputStream.matches(h, length);
    }

    /** Whether the file is a tar archive, plain or compressed. */
    public static boolean isArchive(Path file) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(open(file))) {
            return tar.getNextEntry() != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Extracts the members; regular files' bytes go to new files in {@code scratch}.
     *
     * @param name the archive, named in errors
     * @throws IOException with a one-line message
     */
    public static List<ArchiveEntry> extract(Path archive, String name, Path scratch) throws IOException {
        List<ArchiveEntry> out = new ArrayList<>();
        Files.createDirectories(scratch);
        try (RawPaxTarInputStream tar = new RawPaxTarInputStream(open(archive))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                checkLength(name, e.getName(), e.getName());
                checkLength(name, e.getName(), e.getLinkName());
                String path = member(name, e.getName());
                if (path.isEmpty()) {
                    continue;
                }
                checkNotWhiteout(name, e.getName(), path);
                int mode = e.getMode() & 07777;
                ArchiveEntry.Type type;
                Path content = null;
                String link = "";
                if (e.isDirectory()) {
                    type = ArchiveEntry.Type.DIR;
                } else if (e.isSymbolicLink()) {
                    type = ArchiveEntry.Type.SYMLINK;
                    link = e.getLinkName();
                } else if (e.isLink()) {
                    type = ArchiveEntry.Type.HARDLINK;
                    link = member(name, e.getLinkName());
                } else if (e.isCharacterDevice()) {
                    type = ArchiveEntry.Type.CHARDEV;
                } else if (e.isBlockDevice()) {
                    type = ArchiveEntry.Type.BLOCKDEV;
                } else if (e.isFIFO()) {
                    type = ArchiveEntry.Type.FIFO;
                } else if (e.isFile()) {
                    type = ArchiveEntry.Type.FILE;
                    content = Files.createTempFile(scratch, "member", ".bin");
                    try (OutputStream os = Files.newOutputStream(content)) {
                        tar.transferTo(os);
                    }
                } else {
                    continue;
                }
                out.add(new ArchiveEntry(path, type, content, mode, e.getLongUserId(), e.getLongGroupId(),
                        e.getModTime().toInstant(), link, e.getDevMajor(), e.getDevMinor(), xattrs(tar, e)));
            }
        } catch (EOFException e) {
            throw new IOException("cannot read archive " + name + ": it ends early (truncated or corrupt); re-create or re-download it", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot read archive " + name + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The {@code SCHILY.xattr.*} records Docker's untar would set on the member and its layer keep:
     * {@code user.*} (overlay's own markers never come from an archive) and a regular file's
     * capabilities; other namespaces are left out, as Strata's layer extraction leaves them out.
     */
    private static SortedMap<String, byte[]> xattrs(RawPaxTarInputStream tar, TarArchiveEntry e) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        for (Map.Entry<String, String> header : e.getExtraPaxHeaders().entrySet()) {
            if (!header.getKey().startsWith(XATTR)) {
                continue;
            }
            String name = header.getKey().substring(XATTR.length());
            boolean user = name.startsWith("user.") && !name.startsWith("user.overlay.");
            if (user || (name.equals(FileCapability.NAME) && e.isFile())) {
                out.put(name, tar.rawPaxValue(header.getKey())
                        .orElseGet(() -> header.getValue().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    private static String member(String archive, String raw) throws IOException {
        String clean = PathNames.clean(raw);
        if (clean.equals("..") || clean.startsWith("../")) {
            throw new IOException("archive " + archive + ": member \"" + printable(raw) + "\" points outside the destination");
        }
        String rel = PathNames.absolute(clean).substring(1);
        return rel;
    }

    /** Linux refuses longer paths (ENAMETOOLONG), so Docker's untar fails on them; it also bounds the work per member. */
    private static void checkLength(String archive, String member, String path) throws IOException {
        if (path != null && path.length() > MAX_PATH) {
            throw new IOException("archive " + archive + ": member \"" + printable(member.substring(0, Math.min(64, member.length())))
                    + (member.length() > 64 ? "..." : "") + "\": a path longer than " + MAX_PATH + " characters");
        }
    }

    /**
     * Docker's untar writes a {@code .wh.} member as a plain file, which its layer then carries as
     * a whiteout: the file it names disappears from the image (only once the image is unpacked, not
     * during the build). A layer cannot hold such a name as a file, so the archive is refused.
     */
    private static void checkNotWhiteout(String archive, String raw, String path) throws IOException {
        int slash = path.lastIndexOf('/');
        String base = path.substring(slash + 1);
        if (base.startsWith(".wh.")) {
            throw new IOException("archive " + archive + ": member \"" + printable(raw) + "\" is named like a layer whiteout (.wh.),"
                    + " which would delete files of the image; rename it or leave it out of the archive");
        }
    }

    /** {@code name} (from an archive) fit for a one-line message: control characters escaped, never sent to a terminal raw. */
    public static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** The decompressed stream of a file, whatever its compression (gzip, bzip2, xz, zstd or none). */
    public static InputStream open(Path file) throws IOException {
        return open(Files.newInputStream(file));
    }

    /** The decompressed stream of {@code raw}, whatever its compression (gzip, bzip2, xz, zstd or none). */
    public static InputStream open(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(16);
        byte[] head = in.readNBytes(6);
        in.reset();
        try {
            if (startsWith(head, GZIP)) {
                return new GzipCompressorInputStream(in, true);
            }
            if (startsWith(head, BZIP2)) {
                return new BZip2CompressorInputStream(in, true);
            }
            if (startsWith(head, XZ)) {
                return new XZCompressorInputStream(in, true);
            }
            if (startsWith(head, ZSTD)) {
                return new ZstdCompressorInputStream(in);
            }
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return in;
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(Arrays.copyOf(head, magic.length), magic);
    }
}
