package dev.strata.builder.context;

import java.util.Objects;

/**
 * One item a COPY/ADD reads, as the cache key sees it: what it is and what it holds, never its
 * mtime or inode, so a fresh clone of the same tree gives the same key.
 *
 * @param source where it was read: a path in the source root ({@code src/app.c}), a URL, or
 *     {@code <<name} for a heredoc
 * @param target the absolute path it gets in the image
 * @param type {@code file}, {@code dir}, {@code symlink}, {@code hardlink}, {@code archive},
 *     {@code chardev}, {@code blockdev} or {@code fifo}
 * @param digest {@code sha256:<hex>} of the content for files, archives, URLs and heredocs; else ""
 * @param mode permission bits the entry gets (07777)
 * @param uid owner in the image
 * @param gid group in the image
 * @param link symlink target, hardlink target path, or device numbers; else ""
 */
public record SourceDigest(String source, String target, String type, String digest, int mode, long uid, long gid,
        String link) {
    public SourceDigest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(link, "link");
    }

    /** A canonical one-line form, for cache key documents and debugging. */
    public String canonical() {
        // a builder rather than string concatenation: a COPY of 10,000 files makes 10,000 of these
        // in a fresh JVM, where each indy concatenation runs its method handles interpreted
        StringBuilder line = new StringBuilder(40 + digest.length() + 2 * (source.length() + target.length() + link.length()));
        line.append(type).append(' ').append(Integer.toOctalString(mode)).append(' ').append(uid).append(':').append(gid)
                .append(' ').append(digest).append(' ');
        quote(line, source);
        line.append(" -> ");
        quote(line, target);
        if (!link.isEmpty()) {
            line.append(" link ");
            quote(line, link);
        }
        return line.toString();
    }

    private static void quote(StringBuilder line, String s) {
        line.append('"');
        if (s.indexOf('\\') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            line.append(s);
        } else {
            line.append(s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"));
        }
        line.append('"');
    }
}
