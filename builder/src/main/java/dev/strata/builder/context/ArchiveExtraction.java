package dev.strata.builder.context;

import dev.strata.builder.context.archive.ArchiveEntry;
import dev.strata.builder.context.archive.ArchiveReader;
import dev.strata.builder.context.users.Owner;
import dev.strata.builder.layer.Content;
import dev.strata.builder.layer.EntryAttributes;
import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.layer.LayerPaths;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.NavigableSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Puts the members of ADDed archives into a layer as Docker extracts them (moby's chrootarchive:
 * the untar runs chrooted into the destination directory). A member's parent directories are
 * resolved through the symlinks already there, the image's and the archive's own, with the
 * destination as {@code /}: an absolute target or {@code ..} never leads out of it, and a member
 * behind {@code lnk -> /outside} lands in {@code <dest>/outside}, never as {@code lnk/...}. The
 * member's own name is never followed. An existing entry is replaced, unless both are directories
 * (then the member's metadata wins); missing parents are made 0755 and owned by root, as Docker's
 * untar makes them. Not thread-safe.
 */
final class ArchiveExtraction {
    private static final int MAX_LINKS = 255;

    private final Map<String, LayerEntry> out;
    /** The keys of {@link #out}, sorted so that what is below a path is one range (a later member may replace a tree). */
    private final NavigableSet<String> paths;
    private final ImageTree image;
    /** Layer paths where this layer replaced what the image had: the image's entries below are gone. */
    private final Set<String> replacedInImage = new HashSet<>();
    /** Directories the image had, replaced and then made again: they hide the image's old contents. */
    private final NavigableSet<String> opaque = new TreeSet<>();

    /**
     * @param out the layer's entries so far, by {@link LayerEntry#path()}; members are added to it
     * @param image the image below the layer ({@link ImageTree#empty()} with {@code --link})
     */
    ArchiveExtraction(Map<String, LayerEntry> out, ImageTree image) {
        this.out = out;
        this.paths = new TreeSet<>(out.keySet());
        this.image = image;
    }

    /** Adds member {@code e} of {@code archive}. */
    void place(CopyPlan.Archive archive, ArchiveEntry e) throws IOException {
        String dest = archive.directory().equals("/") ? "" : LayerPaths.normalize(archive.directory());
        String parent = resolveParent(archive, dest, e.path(), e.path());
        String rel = join(parent, LayerPaths.baseName(e.path()));
        addParents(archive, dest, parent);
        String path = join(dest, rel);
        Optional<ImageTree.Node> existing = lookup(path);
        boolean directory = e.type() == ArchiveEntry.Type.DIR;
        if (existing.isPresent() && !(directory && existing.get().kind() == ImageTree.Node.Kind.DIRECTORY)) {
            remove(path);
        }
        String link = e.type() == ArchiveEntry.Type.HARDLINK ? hardlinkTarget(archive, dest, e) : e.link();
        put(entry(archive, path, e, link));
        if (directory && replacedInImage.contains(path)) {
            opaque.add(path);
        }
    }

    /** The opaque whiteouts the layer needs (directories of the image replaced, then made again). */
    List<LayerEntry> opaqueWhiteouts() {
        List<LayerEntry> result = new ArrayList<>();
        for (String path : opaque) {
            if (out.get(path) instanceof LayerEntry.Directory) {
                result.add(new LayerEntry.OpaqueWhiteout(path));
            }
        }
        return result;
    }

    /**
     * The parent of member {@code rel}, relative to the destination, with every symlink in it
     * resolved inside the destination; components that do not exist yet are kept as names.
     */
    private String resolveParent(CopyPlan.Archive archive, String dest, String raw, String rel) throws IOException {
        Deque<String> pending = new ArrayDeque<>(parts(LayerPaths.parent(rel)));
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pollFirst();
            if (part.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.remove(resolved.size() - 1);
                }
                continue;
            }
            resolved.add(part);
            Optional<ImageTree.Node> node = lookup(join(dest, String.join("/", resolved)));
            if (node.isEmpty() || node.get().kind() == ImageTree.Node.Kind.DIRECTORY) {
                continue;
            }
            if (node.get().kind() != ImageTree.Node.Kind.SYMLINK) {
                throw new IOException("archive " + archive.source() + ": member \"" + ArchiveReader.printable(raw) + "\": \""
                        + ArchiveReader.printable(String.join("/", resolved)) + "\" is not a directory");
            }
            if (++links > MAX_LINKS) {
                throw new IOException("archive " + archive.source() + ": member \"" + ArchiveReader.printable(raw)
                        + "\": too many levels of symbolic links");
            }
            resolved.remove(resolved.size() - 1);
            String target = node.get().linkTarget();
            if (target.startsWith("/")) {
                resolved.clear();
            }
            List<String> targetParts = parts(target);
            for (int i = targetParts.size() - 1; i >= 0; i--) {
                pending.addFirst(targetParts.get(i));
            }
        }
        return String.join("/", resolved);
    }

    /** A hard link's target, its parents resolved like a member's; it must exist and not be a directory. */
    private String hardlinkTarget(CopyPlan.Archive archive, String dest, ArchiveEntry e) throws IOException {
        String parent = resolveParent(archive, dest, e.link(), e.link());
        String target = join(dest, join(parent, LayerPaths.baseName(e.link())));
        Optional<ImageTree.Node> node = lookup(target);
        if (node.isEmpty() || node.get().kind() == ImageTree.Node.Kind.DIRECTORY) {
            throw new IOException("archive " + archive.source() + ": hard link \"" + ArchiveReader.printable(e.path()) + "\" -> \""
                    + ArchiveReader.printable(e.link()) + "\": " + (node.isEmpty() ? "no such file" : "a directory"));
        }
        return target;
    }

    /** Plans the directories from the destination down to {@code parent}: as the layer or image has them, or new. */
    private void addParents(CopyPlan.Archive archive, String dest, String parent) {
        String current = "";
        for (String part : parts(parent)) {
            current = join(current, part);
            String path = join(dest, current);
            if (out.containsKey(path)) {
                continue;
            }
            Optional<ImageTree.Node> node = lookup(path);
            EntryAttributes attrs = node.isPresent()
                    ? EntryAttributes.of(node.get().mode(), node.get().uid(), node.get().gid(), archive.createdTime())
                    : EntryAttributes.of(0755, 0, 0, archive.createdTime());
            put(new LayerEntry.Directory(path, attrs));
        }
    }

    /** Removes what is at {@code path}, and below it, from the layer and from the image's view. */
    private void remove(String path) {
        if (!imageReplaced(path) && image.lstat("/" + path).isPresent()) {
            replacedInImage.add(path);
        }
        for (NavigableSet<String> set : List.of(paths, opaque)) {
            set.remove(path);
            // "/" + 1 is "0": the range holds exactly the paths below
            NavigableSet<String> below = set.subSet(path + "/", true, path + "0", false);
            if (set == paths) {
                below.forEach(out::remove);
            }
            below.clear();
        }
        out.remove(path);
    }

    private void put(LayerEntry entry) {
        out.put(entry.path(), entry);
        paths.add(entry.path());
    }

    /** What is at layer path {@code path}: this layer's entry, else the image's (unless this layer removed it). */
    private Optional<ImageTree.Node> lookup(String path) {
        LayerEntry e = out.get(path);
        if (e != null) {
            return Optional.of(node(e));
        }
        if (imageReplaced(path)) {
            return Optional.empty();
        }
        return image.lstat("/" + path);
    }

    private boolean imageReplaced(String path) {
        for (String p = path; !p.isEmpty(); p = LayerPaths.parent(p)) {
            if (replacedInImage.contains(p)) {
                return true;
            }
        }
        return false;
    }

    private static ImageTree.Node node(LayerEntry e) {
        EntryAttributes a = e.attributes();
        if (e instanceof LayerEntry.Directory) {
            return new ImageTree.Node(ImageTree.Node.Kind.DIRECTORY, a.mode(), a.uid(), a.gid(), "");
        }
        if (e instanceof LayerEntry.Symlink s) {
            return new ImageTree.Node(ImageTree.Node.Kind.SYMLINK, a.mode(), a.uid(), a.gid(), s.target());
        }
        boolean file = e instanceof LayerEntry.RegularFile || e instanceof LayerEntry.Hardlink;
        return new ImageTree.Node(file ? ImageTree.Node.Kind.FILE : ImageTree.Node.Kind.OTHER, a.mode(), a.uid(), a.gid(), "");
    }

    private static LayerEntry entry(CopyPlan.Archive a, String path, ArchiveEntry e, String link) throws IOException {
        long uid = a.chown().map(Owner::uid).orElse(e.uid());
        long gid = a.chown().map(Owner::gid).orElse(e.gid());
        EntryAttributes attrs = EntryAttributes.of(e.mode(), uid, gid, e.mtime()).withXattrs(e.xattrs());
        return switch (e.type()) {
            case DIR -> new LayerEntry.Directory(path, attrs);
            case FILE -> new LayerEntry.RegularFile(path, attrs, Content.ofFile(e.content()));
            case SYMLINK -> new LayerEntry.Symlink(path, attrs, link);
            case HARDLINK -> new LayerEntry.Hardlink(path, attrs, link);
            case CHARDEV -> new LayerEntry.CharDevice(path, attrs, e.major(), e.minor());
            case BLOCKDEV -> new LayerEntry.BlockDevice(path, attrs, e.major(), e.minor());
            case FIFO -> new LayerEntry.Fifo(path, attrs);
        };
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : name.isEmpty() ? dir : dir + "/" + name;
    }

    private static List<String> parts(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }
}
