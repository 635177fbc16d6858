package dev.strata.builder.tar;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a reproducible tar stream with commons-compress: numeric ids only (no user or group
 * names), permission bits only in the mode field, mtimes in whole seconds clamped to the source
 * date epoch, PAX headers (written by this class, with deterministic contents) for names and
 * link targets longer than 100 bytes or not ASCII, for big numbers and for xattrs, and no
 * padding beyond the two end-of-archive records. Callers write entries in the order they want
 * them in the archive (see {@code layer.LayerWriter} for sorting). Not thread-safe.
 */
public final class TarLayerWriter implements Closeable {
    private static final int USTAR_NAME = 100;
    private static final long USTAR_MAX_OCTAL_7 = 07777777L;
    private static final long USTAR_MAX_OCTAL_11 = 077777777777L;

    private final TarArchiveOutputStream tar;
    private final BufferedOutputStream buffered;
    private final long epochSeconds;
    /** One buffer for every file's content (a buffer per file made 200 MB of garbage for a 10,000-file layer). */
    private final byte[] copyBuffer = new byte[1 << 16];
    private long entries;

    /** Writes to {@code out} (closed by {@link #close()}), clamping mtimes to {@code epoch}. */
    public TarLayerWriter(OutputStream out, Instant epoch) {
        // 512-byte blocks: no padding to 10 KiB after the end-of-archive records
        this.buffered = new BufferedOutputStream(out, 1 << 16);
        this.tar = new TarArchiveOutputStream(buffered, 512, StandardCharsets.UTF_8.name());
        this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_TRUNCATE);
        this.tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
        this.tar.setAddPaxHeadersForNonAsciiNames(false);
        this.epochSeconds = epoch.getEpochSecond();
    }

    /**
     * Writes one entry. {@code header} gives the name, type, mode, ids, mtime, size, link name
     * and device numbers; user/group names and other fields are ignored. {@code content} must
     * yield exactly {@code header.getSize()} bytes for a regular file (else an IOException
     * naming the entry: the source changed while it was read) and is null otherwise.
     */
    public void write(TarArchiveEntry header, Map<String, byte[]> xattrs, InputStream content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(truncate(header.getName()), header.getLinkFlag(), true);
        entry.setMode(header.getMode() & 07777);
        entry.setUserId(header.getLongUserId());
        entry.setGroupId(header.getLongGroupId());
        entry.setUserName("");
        entry.setGroupName("");
        long mtime = Math.min(header.getModTime().toInstant().getEpochSecond(), epochSeconds);
        entry.setModTime(FileTime.from(Instant.ofEpochSecond(Math.max(mtime, 0))));
        long size = isRegular(header) ? header.getSize() : 0;
        entry.setSize(size);
        if (header.isLink() || header.isSymbolicLink()) {
            entry.setLinkName(truncate(header.getLinkName()));
        }
        if (header.isCharacterDevice() || header.isBlockDevice()) {
            entry.setDevMajor(header.getDevMajor());
            entry.setDevMinor(header.getDevMinor());
        }
        Map<String, byte[]> pax = paxRecords(header, xattrs, size);
        if (!pax.isEmpty()) {
            writePax(entry, pax);
        }
        tar.putArchiveEntry(entry);
        if (size > 0) {
            copyExactly(content, size, header.getName());
        }
        tar.closeArchiveEntry();
        entries++;
    }

    private Map<String, byte[]> paxRecords(TarArchiveEntry header, Map<String, byte[]> xattrs, long size) {
        Map<String, byte[]> pax = new TreeMap<>();
        if (needsPax(header.getName())) {
            pax.put("path", header.getName().getBytes(StandardCharsets.UTF_8));
        }
        if ((header.isLink() || header.isSymbolicLink()) && needsPax(header.getLinkName())) {
            pax.put("linkpath", header.getLinkName().getBytes(StandardCharsets.UTF_8));
        }
        if (size > USTAR_MAX_OCTAL_11) {
            pax.put("size", ascii(size));
        }
        if (header.getLongUserId() > USTAR_MAX_OCTAL_7) {
            pax.put("uid", ascii(header.getLongUserId()));
        }
        if (header.getLongGroupId() > USTAR_MAX_OCTAL_7) {
            pax.put("gid", ascii(header.getLongGroupId()));
        }
        if (xattrs != null) {
            xattrs.forEach((name, value) -> pax.put("SCHILY.xattr." + name, value.clone()));
        }
        return pax;
    }

    private void writePax(TarArchiveEntry entry, Map<String, byte[]> pax) throws IOException {
        byte[] body = PaxHeaders.encode(pax);
        String name = entry.getName();
        String base = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        int slash = base.lastIndexOf('/');
        String paxName = (slash < 0 ? "" : base.substring(0, slash + 1)) + "PaxHeaders.0/" + base.substring(slash + 1);
        TarArchiveEntry paxEntry = new TarArchiveEntry(truncate(paxName), TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
        paxEntry.setMode(0644);
        paxEntry.setUserName("");
        paxEntry.setGroupName("");
        paxEntry.setModTime(entry.getLastModifiedTime());
        paxEntry.setSize(body.length);
        tar.putArchiveEntry(paxEntry);
        tar.write(body);
        tar.closeArchiveEntry();
    }

    private void copyExactly(InputStream content, long size, String name) throws IOException {
        if (content == null) {
            throw new IOException(name + ": no content for a regular file of " + size + " bytes");
        }
        byte[] buffer = copyBuffer;
        long remaining = size;
        while (remaining > 0) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new IOException(name + ": file shrank while being read (expected " + size + " bytes)");
            }
            tar.write(buffer, 0, n);
            remaining -= n;
        }
        if (content.read() >= 0) {
            throw new IOException(name + ": file grew while being read (expected " + size + " bytes)");
        }
    }

    /** Number of entries written (PAX headers not counted). */
    public long entryCount() {
        return entries;
    }

    /** Writes the end-of-archive records and flushes, leaving the underlying stream open. */
    public void finish() throws IOException {
        tar.finish();
        tar.flush();
        buffered.flush();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    private static boolean isRegular(TarArchiveEntry header) {
        byte flag = header.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
    }

    private static boolean needsPax(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return bytes.length > USTAR_NAME || bytes.length != name.length();
    }

    private static String truncate(String name) {
        // the real name travels in the PAX header; keep the ustar field ASCII and short
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; i < name.length() && ascii.length() < USTAR_NAME; i++) {
            char c = name.charAt(i);
            ascii.append(c < 0x80 ? c : '_');
        }
        return ascii.toString();
    }

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
