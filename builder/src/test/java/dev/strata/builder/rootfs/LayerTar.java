package dev.strata.builder.rootfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds layer tars entry by entry for tests (including the hostile ones no honest tool makes). */
public final class LayerTar {
    public static final Instant MTIME = Instant.parse("2020-01-02T03:04:05Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    public LayerTar() {
        tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    public LayerTar dir(String name, int mode) throws IOException {
        return put(entry(name, TarConstants.LF_DIR, mode), null);
    }

    public LayerTar file(String name, int mode, String content) throws IOException {
        return put(entry(name, TarConstants.LF_NORMAL, mode), content.getBytes(StandardCharsets.UTF_8));
    }

    public LayerTar file(String name, int mode, int uid, int gid, String content) throws IOException {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, mode);
        e.setUserId(uid);
        e.setGroupId(gid);
        return put(e, content.getBytes(StandardCharsets.UTF_8));
    }

    public LayerTar xattrFile(String name, String xattr, String value, String content) throws IOException {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, 0644);
        e.addPaxHeader("SCHILY.xattr." + xattr, value);
        return put(e, content.getBytes(StandardCharsets.UTF_8));
    }

    public LayerTar symlink(String name, String target) throws IOException {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0777);
        e.setLinkName(target);
        return put(e, null);
    }

    public LayerTar hardlink(String name, String target) throws IOException {
        TarArchiveEntry e = entry(name, TarConstants.LF_LINK, 0644);
        e.setLinkName(target);
        return put(e, null);
    }

    public LayerTar device(String name, byte type, int major, int minor) throws IOException {
        TarArchiveEntry e = entry(name, type, 0666);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        return put(e, null);
    }

    public LayerTar pax(String name, Map<String, String> headers, String content) throws IOException {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, 0644);
        headers.forEach(e::addPaxHeader);
        return put(e, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A file whose own PAX header holds {@code records} byte for byte (binary xattr values, which
     * commons-compress's String-valued PAX headers would encode as UTF-8).
     */
    public LayerTar fileWithRawPax(String name, Map<String, byte[]> records, String content) throws IOException {
        ByteArrayOutputStream pax = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> record : records.entrySet()) {
            byte[] key = record.getKey().getBytes(StandardCharsets.UTF_8);
            int body = 1 + key.length + 1 + record.getValue().length + 1;
            int length = body + Integer.toString(body).length();
            if (Integer.toString(length).length() + body != length) {
                length = body + Integer.toString(length).length();
            }
            pax.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
            pax.writeBytes(key);
            pax.write('=');
            pax.writeBytes(record.getValue());
            pax.write('\n');
        }
        put(entry("PaxHeaders/" + name, TarConstants.LF_PAX_EXTENDED_HEADER_LC, 0644), pax.toByteArray());
        return file(name, 0644, content);
    }

    private static TarArchiveEntry entry(String name, byte type, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(mode);
        e.setModTime(java.util.Date.from(MTIME));
        return e;
    }

    private LayerTar put(TarArchiveEntry e, byte[] content) throws IOException {
        if (content != null) {
            e.setSize(content.length);
        }
        tar.putArchiveEntry(e);
        if (content != null) {
            tar.write(content);
        }
        tar.closeArchiveEntry();
        return this;
    }

    /** The finished tar's bytes. */
    public byte[] bytes() throws IOException {
        tar.finish();
        return bytes.toByteArray();
    }

    /** Writes the tar gzip-compressed to {@code blob}; returns its diff ID hex. */
    public String writeGzip(Path blob) throws IOException {
        byte[] raw = bytes();
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(blob))) {
            out.write(raw);
        }
        return sha256(raw);
    }

    /** Writes the tar uncompressed to {@code blob}; returns its diff ID hex. */
    public String writePlain(Path blob) throws IOException {
        byte[] raw = bytes();
        Files.write(blob, raw);
        return sha256(raw);
    }

    public static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
