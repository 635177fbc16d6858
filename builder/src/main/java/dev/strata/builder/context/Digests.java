package dev.strata.builder.context;

import dev.strata.builder.context.digest.FileDigester;
import dev.strata.builder.context.digest.FileStat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The cache-key view of a plan: content digests from the stat-cached, parallel {@link FileDigester}. */
final class Digests {

    private Digests() {
    }

    /** The stat cache of the store at {@code storeRoot}, read in the background (see {@link #compute}). */
    static CompletableFuture<FileDigester> openStatCache(Path storeRoot) {
        return FileDigester.openInBackground(storeRoot.resolve("context").resolve("stat-cache"), 2);
    }

    static List<SourceDigest> compute(List<PlannedNode> nodes, List<CopyPlan.Archive> archives, Map<Path, String> known,
            Map<Path, FileStat> stats, CompletableFuture<FileDigester> statCache) throws IOException {
        Set<Path> toHash = new LinkedHashSet<>();
        for (PlannedNode n : nodes) {
            if (n.type() == PlannedNode.Type.FILE && n.host() != null && !known.containsKey(n.host())) {
                toHash.add(n.host());
            }
        }
        for (CopyPlan.Archive a : archives) {
            if (!known.containsKey(a.file())) {
                toHash.add(a.file());
            }
        }
        Map<Path, String> digests = new HashMap<>(known);
        if (!toHash.isEmpty()) {
            FileDigester digester = statCache.join();
            List<Path> files = new ArrayList<>(toHash);
            List<FileStat> fileStats = new ArrayList<>(files.size());
            for (Path f : files) {
                FileStat s = stats.get(f);
                fileStats.add(s != null ? s : FileStat.of(f));
            }
            List<String> hashed = digester.digest(files, fileStats);
            for (int i = 0; i < files.size(); i++) {
                digests.put(files.get(i), hashed.get(i));
            }
            digester.save();
        }
        List<SourceDigest> out = new ArrayList<>();
        for (PlannedNode n : nodes) {
            if (!n.fromSource()) {
                continue;
            }
            String digest = switch (n.type()) {
                case FILE -> n.bytes() != null ? FileDigester.sha256(n.bytes()) : digests.get(n.host());
                default -> "";
            };
            String link = switch (n.type()) {
                case CHARDEV, BLOCKDEV -> n.major() + "," + n.minor();
                default -> n.link();
            };
            out.add(new SourceDigest(n.source(), n.target(), n.type().keyName, digest, n.mode(),
                    n.uid(), n.gid(), link));
        }
        for (CopyPlan.Archive a : archives) {
            out.add(new SourceDigest(a.source(), a.directory(), "archive", digests.get(a.file()), 0,
                    a.chown().map(o -> o.uid()).orElse(0L), a.chown().map(o -> o.gid()).orElse(0L), ""));
        }
        return out;
    }
}
