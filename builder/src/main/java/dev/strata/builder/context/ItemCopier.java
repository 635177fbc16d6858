package dev.strata.builder.context;

import dev.strata.builder.context.fetch.Download;
import dev.strata.builder.context.users.Owner;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Plans each source item at its place under the destination (see {@link CopySourceResolver}). */
final class ItemCopier {

    /** One thing a COPY copies, after globs are expanded. */
    sealed interface Item {
        /** How the cache key and errors name it. */
        String source();

        /** The archive to extract, or null. */
        default Path archiveFile() {
            return null;
        }

        record Local(SourceMatcher.Match match, SourceFile file, boolean archive) implements Item {
            @Override
            public String source() {
                return match.resolved();
            }

            @Override
            public Path archiveFile() {
                return archive ? file.host() : null;
            }
        }

        record Url(String url, Download download, boolean archive) implements Item {
            @Override
            public String source() {
                return url;
            }

            @Override
            public Path archiveFile() {
                return archive ? download.file() : null;
            }
        }

        record Heredoc(HeredocSource heredoc) implements Item {
            @Override
            public String source() {
                return "<<" + heredoc.name();
            }
        }

        /** {@code --parents}: {@code relative} is kept under the destination. */
        record Parents(String word, String pivot, String relative, String resolved, SourceFile file) implements Item {
            @Override
            public String source() {
                return resolved;
            }
        }

        static Item local(SourceMatcher.Match m, SourceFile f, boolean archive) {
            return new Local(m, f, archive);
        }

        static Item url(String url, Download d, boolean archive) {
            return new Url(url, d, archive);
        }

        static Item heredoc(HeredocSource h) {
            return new Heredoc(h);
        }
    }

    private final CopyRequest request;
    private final CopyEnvironment env;
    private final Destination dest;
    private final SourceWalker walker;
    private final NodeSet nodes;
    private final long uid;
    private final long gid;

    ItemCopier(CopyRequest request, CopyEnvironment env, Destination dest, SourceWalker walker, NodeSet nodes,
            Optional<Owner> chown) {
        this.request = request;
        this.env = env;
        this.dest = dest;
        this.walker = walker;
        this.nodes = nodes;
        this.uid = chown.map(Owner::uid).orElse(0L);
        this.gid = chown.map(Owner::gid).orElse(0L);
    }

    void copyAll(List<Item> items, boolean several) {
        boolean intoDir = dest.slash() || several || dest.existsAsDirectory();
        boolean needsDir = intoDir || items.stream().anyMatch(i -> i.archiveFile() != null || i instanceof Item.Parents);
        if (needsDir) {
            if (dest.existsAsNonDirectory()) {
                throw new CopyException("cannot copy to non-directory: " + dest.path());
            }
            dest.addParents(nodes, dest.path(), uid, gid, env.createdTime());
            if (!dest.path().equals("/")) {
                dest.addDirectory(nodes, dest.path(), uid, gid, env.createdTime());
            }
        }
        for (Item item : items) {
            if (item.archiveFile() != null) {
                continue;
            }
            if (item instanceof Item.Local l) {
                copyLocal(l, intoDir);
            } else if (item instanceof Item.Url u) {
                addFile(u.download().fileName(), intoDir, new PlannedNode("", PlannedNode.Type.FILE,
                        u.url(), u.download().file(), null, mode(0600), uid, gid,
                        u.download().lastModified().orElse(env.createdTime()), "", 0, 0));
            } else if (item instanceof Item.Heredoc h) {
                addFile(h.heredoc().name(), intoDir, new PlannedNode("", PlannedNode.Type.FILE,
                        h.source(), null, h.heredoc().content(), mode(0644), uid, gid, env.createdTime(), "", 0, 0));
            } else if (item instanceof Item.Parents p) {
                copyParents(p);
            }
        }
    }

    private int mode(int dflt) {
        return Chmod.of(request.options().chmod()).apply(dflt, false);
    }

    private void addFile(String name, boolean intoDir, PlannedNode template) {
        String target = dest.targetFor(name, intoDir);
        if (!intoDir) {
            dest.addParents(nodes, target, uid, gid, env.createdTime());
        }
        nodes.add(new PlannedNode(target, template.type(), template.source(), template.host(), template.bytes(),
                template.mode(), template.uid(), template.gid(), template.mtime(), template.link(), 0, 0));
    }

    private void copyLocal(Item.Local l, boolean intoDir) {
        String rel = l.match().resolved();
        SourceFile f = l.file();
        if (f.isDirectory()) {
            if (dest.existsAsNonDirectory()) {
                throw new CopyException("cannot copy to non-directory: " + dest.path());
            }
            if (!intoDir) {
                // BuildKit copies a directory's contents, not the directory: a new destination is made
                // as its MkdirAll makes it (0755 or an octal --chmod, the --chown owner or root), not
                // with the source directory's mode and owner
                dest.addParents(nodes, dest.path(), uid, gid, env.createdTime());
                if (!dest.path().equals("/")) {
                    nodes.add(PlannedNode.dir(dest.path(), rel, Chmod.of(request.options().chmod()).newDirectory(), uid, gid,
                            env.createdTime()));
                }
            }
            walker.copyChildren(rel, dest.path(), "", nodes);
            return;
        }
        String target = dest.targetFor(l.match().baseName(), intoDir);
        if (!intoDir) {
            dest.addParents(nodes, target, uid, gid, env.createdTime());
        }
        PlannedNode node = walker.fileNode(rel, target, f);
        if (node != null) {
            nodes.add(node);
        }
    }

    private void copyParents(Item.Parents p) {
        String[] parts = p.relative().split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            if (i > 0) {
                prefix.append('/');
            }
            prefix.append(parts[i]);
            String srcRel = p.pivot().isEmpty() ? prefix.toString() : p.pivot() + "/" + prefix;
            String resolved = walker.root().resolve(srcRel, true);
            SourceFile dir = walker.root().file(resolved);
            if (dir != null && dir.isDirectory()) {
                nodes.addParent(walker.directoryNode(resolved, Destination.join(dest.path(), prefix.toString()), dir));
            }
        }
        String target = Destination.join(dest.path(), p.relative());
        if (p.file().isDirectory()) {
            nodes.add(walker.directoryNode(p.resolved(), target, p.file()));
            walker.copyChildren(p.resolved(), target, p.relative(), nodes);
            return;
        }
        PlannedNode node = walker.fileNode(p.resolved(), target, p.file());
        if (node != null) {
            nodes.add(node);
        }
    }
}
