package dev.strata.builder.export;

import dev.strata.builder.rootfs.EntryPath;
import dev.strata.builder.tar.TarEndStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The file system a stack of layers makes, as one stream of entries, without extracting anything:
 * a first pass reads only the tar headers and decides, per path, which layer's entry is visible
 * (whiteouts and opaque directories applied, a later entry replacing an earlier one, a file
 * replacing a directory with everything below it); a second pass reads the layers again and hands
 * each visible entry, with its data, to a {@link Sink}. Every entry's parents are directories in
 * the result (a layer that puts a file below a lower layer's symlink gets a directory there: the
 * result never routes a path through a symlink). A hard link whose target a later layer replaced
 * becomes a copy of the target's old content, as it is in the layer. The root entry is left out.
 * Not thread-safe.
 */
public final class FlatFilesystem {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final int IMPLICIT = -1;

    /** Receives the visible entries: name is relative and clean, directories end in {@code /}. */
    public interface Sink {
        void entry(TarArchiveEntry header, Map<String, byte[]> xattrs, InputStream content) throws IOException;
    }

    private record Winner(int layer, int ordinal, boolean directory) {}

    private final List<Path> layers;
    private final NavigableMap<String, Winner> visible = new TreeMap<>();
    /** Surviving hard links: link path to the path it names in the output. */
    private final Map<String, String> links = new HashMap<>();
    /** Origin (layer, ordinal) of a file whose own path is gone but hard links to it survive: the first link's path. */
    private final Map<Long, String> carriers = new HashMap<>();

    private final java.util.Set<String> carrierPaths = new java.util.HashSet<>();

    private FlatFilesystem(List<Path> layers) {
        this.layers = List.copyOf(layers);
    }

    /** Reads the headers of {@code layerBlobs} (bottom first; gzip, zstd or plain tars). */
    public static FlatFilesystem of(List<Path> layerBlobs) throws IOException {
        FlatFilesystem fs = new FlatFilesystem(layerBlobs);
        fs.plan();
        return fs;
    }

    private void plan() throws IOException {
        Map<String, Long> hardLinkOrigins = new LinkedHashMap<>();
        for (int layer = 0; layer < layers.size(); layer++) {
            Map<String, Long> filesOfLayer = new HashMap<>();
            int ordinal = 0;
            try (InputStream raw = open(layers.get(layer))) {
                TarEndStream end = new TarEndStream(raw);
                TarArchiveInputStream tar = new TarArchiveInputStream(end, StandardCharsets.UTF_8.name());
                TarArchiveEntry entry;
                while ((entry = end.nextEntry(tar)) != null) {
                    int current = ordinal++;
                    String rel = EntryPath.clean(entry.getName());
                    String base = rel.substring(rel.lastIndexOf('/') + 1);
                    String dir = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";
                    if (base.equals(OPAQUE)) {
                        removeBelow(dir, layer);
                        continue;
                    }
                    if (base.startsWith(WHITEOUT)) {
                        String hidden = (dir.isEmpty() ? "" : dir + "/") + base.substring(WHITEOUT.length());
                        Winner w = visible.get(hidden);
                        if (w != null && w.layer() < layer) {
                            visible.remove(hidden);
                            removeBelow(hidden, layer);
                            if (!visible.subMap(hidden + "/", true, hidden + "0", false).isEmpty()) {
                                visible.put(hidden, new Winner(layer, IMPLICIT, true)); // this layer's own entries below stay
                            }
                        }
                        continue;
                    }
                    if (rel.isEmpty()) {
                        continue; // the root: the destination's own metadata is left alone
                    }
                    makeParents(rel, layer);
                    if (entry.isDirectory()) {
                        visible.put(rel, new Winner(layer, current, true));
                        filesOfLayer.remove(rel);
                        hardLinkOrigins.remove(rel);
                        continue;
                    }
                    removeBelow(rel, -1);
                    visible.put(rel, new Winner(layer, current, false));
                    long id = ((long) layer << 32) | current;
                    if (entry.isLink()) {
                        String target = EntryPath.clean(entry.getLinkName());
                        Long origin = filesOfLayer.get(target);
                        if (origin == null) {
                            throw new IOException("layer " + (layer + 1) + ": entry \"" + EntryPath.printable(rel) + "\" is a hard link to \""
                                    + EntryPath.printable(entry.getLinkName()) + "\", which is not an earlier file of the same layer");
                        }
                        filesOfLayer.put(rel, origin);
                        hardLinkOrigins.put(rel, origin);
                    } else {
                        if (isRegular(entry)) {
                            filesOfLayer.put(rel, id);
                        } else {
                            filesOfLayer.remove(rel);
                        }
                        hardLinkOrigins.remove(rel);
                    }
                }
            }
        }
        Map<Long, String> byId = new HashMap<>();
        visible.forEach((path, w) -> byId.put(((long) w.layer() << 32) | (w.ordinal() & 0xffffffffL), path));
        for (Map.Entry<String, Long> link : hardLinkOrigins.entrySet()) {
            Winner w = visible.get(link.getKey());
            if (w == null || w.directory()) {
                continue;
            }
            long origin = link.getValue();
            String originPath = byId.get(origin);
            if (originPath != null) {
                links.put(link.getKey(), originPath);
            } else if (carriers.containsKey(origin)) {
                links.put(link.getKey(), carriers.get(origin));
            } else {
                carriers.put(origin, link.getKey());
                carrierPaths.add(link.getKey());
            }
        }
    }

    /** Every parent of {@code rel} becomes a directory: a lower non-directory in the way is replaced. */
    private void makeParents(String rel, int layer) {
        for (int slash = rel.indexOf('/'); slash >= 0; slash = rel.indexOf('/', slash + 1)) {
            String parent = rel.substring(0, slash);
            Winner w = visible.get(parent);
            if (w == null || !w.directory()) {
                visible.put(parent, new Winner(layer, IMPLICIT, true));
            }
        }
    }

    /** Removes what lies below directory {@code dir} from layers below {@code layer} (-1: from every layer). */
    private void removeBelow(String dir, int layer) {
        NavigableMap<String, Winner> below = dir.isEmpty() ? visible.tailMap("", true) : visible.subMap(dir + "/", true, dir + "0", false);
        below.entrySet().removeIf(e -> !e.getKey().isEmpty() && (layer < 0 || e.getValue().layer() < layer));
    }

    /** The number of visible entries (directories included, the root not). */
    public int size() {
        return visible.size();
    }

    /** Hands every visible entry to {@code sink}: implicit directories first, then layer by layer. */
    public void emit(Sink sink) throws IOException {
        for (Map.Entry<String, Winner> e : visible.entrySet()) {
            if (e.getValue().ordinal() == IMPLICIT) {
                TarArchiveEntry dir = new TarArchiveEntry(e.getKey() + "/", TarConstants.LF_DIR, true);
                dir.setMode(0755);
                dir.setModTime(FileTime.from(Instant.EPOCH));
                sink.entry(dir, Map.of(), null);
            }
        }
        for (int layer = 0; layer < layers.size(); layer++) {
            Map<Integer, String> wanted = new HashMap<>();
            for (Map.Entry<String, Winner> e : visible.entrySet()) {
                if (e.getValue().layer() == layer && e.getValue().ordinal() != IMPLICIT && !carrierPaths.contains(e.getKey())) {
                    wanted.put(e.getValue().ordinal(), e.getKey());
                }
            }
            for (Map.Entry<Long, String> c : carriers.entrySet()) {
                if ((int) (c.getKey() >>> 32) == layer) {
                    wanted.putIfAbsent((int) (long) c.getKey(), null);
                }
            }
            if (wanted.isEmpty()) {
                continue;
            }
            int ordinal = 0;
            try (InputStream raw = open(layers.get(layer))) {
                TarEndStream end = new TarEndStream(raw);
                TarArchiveInputStream tar = new TarArchiveInputStream(end, StandardCharsets.UTF_8.name());
                TarArchiveEntry entry;
                while ((entry = end.nextEntry(tar)) != null) {
                    int current = ordinal++;
                    if (!wanted.containsKey(current)) {
                        continue;
                    }
                    String path = wanted.get(current);
                    String carrier = carriers.get(((long) layer << 32) | current);
                    if (path != null) {
                        emitOne(sink, entry, path, tar);
                    }
                    if (carrier != null) {
                        emitOne(sink, entry, carrier, tar);
                    }
                }
            }
        }
    }

    private void emitOne(Sink sink, TarArchiveEntry entry, String path, InputStream data) throws IOException {
        String link = links.get(path);
        byte flag = link != null ? TarConstants.LF_LINK : entry.isLink() ? TarConstants.LF_NORMAL : entry.getLinkFlag();
        String name = entry.isDirectory() ? path + "/" : path;
        TarArchiveEntry out = new TarArchiveEntry(name, flag, true);
        out.setMode(entry.getMode());
        out.setUserId(entry.getLongUserId());
        out.setGroupId(entry.getLongGroupId());
        out.setModTime(entry.getLastModifiedTime());
        if (link != null) {
            out.setLinkName(link);
        } else if (entry.isSymbolicLink()) {
            out.setLinkName(entry.getLinkName());
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            out.setDevMajor(entry.getDevMajor());
            out.setDevMinor(entry.getDevMinor());
        }
        boolean content = link == null && isRegular(entry);
        out.setSize(content ? entry.getSize() : 0);
        sink.entry(out, xattrs(entry), content ? new BoundedView(data, entry.getSize()) : null);
    }

    private static Map<String, byte[]> xattrs(TarArchiveEntry entry) {
        Map<String, byte[]> xattrs = new TreeMap<>();
        for (Map.Entry<String, String> h : entry.getExtraPaxHeaders().entrySet()) {
            if (h.getKey().startsWith("SCHILY.xattr.")) {
                xattrs.put(h.getKey().substring("SCHILY.xattr.".length()), h.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return xattrs;
    }

    private static boolean isRegular(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
    }

    /** A relative, clean name; {@code ..} above the root is refused, as Docker refuses it. */
    private static InputStream open(Path blob) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(blob), 1 << 16);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            return new BufferedInputStream(new com.github.luben.zstd.ZstdInputStream(in), 1 << 16);
        }
        return in;
    }

    /** The entry's data, not closing the tar stream under it. */
    private static final class BoundedView extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedView(InputStream in, long size) {
            this.in = in;
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the tar stream stays open
        }
    }
}
