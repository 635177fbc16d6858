package dev.strata.builder.layer;

import java.nio.file.attribute.FileTime;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Turns a {@link LayerEntry} into the tar header {@code tar.TarLayerWriter} writes. */
final class TarEntries {
    private TarEntries() {}

    static TarArchiveEntry header(LayerEntry entry) {
        TarArchiveEntry header = typed(entry);
        EntryAttributes attributes = entry.attributes();
        header.setMode(attributes.mode());
        header.setUserId(attributes.uid());
        header.setGroupId(attributes.gid());
        header.setModTime(FileTime.from(attributes.mtime()));
        return header;
    }

    // Java 17: no pattern matching in switch yet
    private static TarArchiveEntry typed(LayerEntry entry) {
        String name = entry.tarName();
        if (entry instanceof LayerEntry.RegularFile file) {
            TarArchiveEntry h = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
            h.setSize(file.content().size());
            return h;
        } else if (entry instanceof LayerEntry.Directory) {
            return new TarArchiveEntry(name + "/", TarConstants.LF_DIR, true);
        } else if (entry instanceof LayerEntry.Symlink link) {
            TarArchiveEntry h = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
            h.setLinkName(link.target());
            return h;
        } else if (entry instanceof LayerEntry.Hardlink link) {
            TarArchiveEntry h = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
            h.setLinkName(link.target());
            return h;
        } else if (entry instanceof LayerEntry.CharDevice dev) {
            return device(name, TarConstants.LF_CHR, dev.major(), dev.minor());
        } else if (entry instanceof LayerEntry.BlockDevice dev) {
            return device(name, TarConstants.LF_BLK, dev.major(), dev.minor());
        } else if (entry instanceof LayerEntry.Fifo) {
            return new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
        } else {
            // Whiteout, OpaqueWhiteout: empty regular files with a marker name
            return new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        }
    }

    private static TarArchiveEntry device(String name, byte flag, int major, int minor) {
        TarArchiveEntry h = new TarArchiveEntry(name, flag, true);
        h.setDevMajor(major);
        h.setDevMinor(minor);
        return h;
    }
}
