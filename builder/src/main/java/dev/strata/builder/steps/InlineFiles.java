package dev.strata.builder.steps;

import dev.strata.builder.layer.Content;
import dev.strata.builder.layer.EntryAttributes;
import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.layer.LayerPaths;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/** Layer entries for files that do not come from a directory: heredoc sources and downloads. */
final class InlineFiles {
    private InlineFiles() {}

    /** The destination file for a source named {@code name}: inside {@code dest} when it ends in '/'. */
    static String target(String dest, String name) {
        return dest.endsWith("/") ? dest + name : dest;
    }

    static LayerEntry file(String dest, String name, byte[] bytes, int mode, Optional<long[]> owner, Instant mtime) {
        EntryAttributes attrs = EntryAttributes.of(mode, owner.map(o -> o[0]).orElse(0L), owner.map(o -> o[1]).orElse(0L), mtime);
        return new LayerEntry.RegularFile(LayerPaths.normalize(target(dest, name)), attrs, new Content.BytesContent(bytes));
    }

    static LayerEntry downloaded(String dest, UrlSource.Download d, int mode, Optional<long[]> owner, Instant mtime) {
        EntryAttributes attrs = EntryAttributes.of(mode, owner.map(o -> o[0]).orElse(0L), owner.map(o -> o[1]).orElse(0L),
                d.lastModified().filter(t -> t.isBefore(mtime)).orElse(mtime));
        return new LayerEntry.RegularFile(LayerPaths.normalize(target(dest, d.fileName())), attrs,
                new Content.FileContent(d.file(), d.size()));
    }

    static String digest(String content) {
        return CacheKeys.sha256(content);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
