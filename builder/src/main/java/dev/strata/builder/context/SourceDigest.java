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
        return type + " " + Integer.toOctalString(mode) + " " + uid + ":" + gid + " " + digest + " "
                + quote(source) + " -> " + quote(target) + (link.isEmpty() ? "" : " link " + quote(link));
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
