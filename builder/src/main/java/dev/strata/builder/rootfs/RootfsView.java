package dev.strata.builder.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A read-only, flattened view of a layer stack (what {@code COPY --from=stage} copies from, where
 * {@code /etc/passwd} is read): an overlayfs mount of the extracted layers, or, where overlayfs is
 * unavailable, a merged copy. Read it through {@link RootPath} so symlinks stay inside. Close it to
 * unmount and delete its temporary directory. Not thread-safe.
 */
public final class RootfsView implements AutoCloseable {
    private final Path temp;
    private final Path root;
    private final OverlayMount mount;

    private RootfsView(Path temp, Path root, OverlayMount mount) {
        this.temp = temp;
        this.root = root;
        this.mount = mount;
    }

    /**
     * Opens the view of {@code lowersTopFirst} (extracted layer directories, top layer first; empty
     * for {@code scratch}) in a new temporary directory under {@code tempParent}.
     *
     * @param notes told when the slow copying fallback is used
     */
    public static RootfsView open(List<Path> lowersTopFirst, Path tempParent, Consumer<String> notes) throws IOException {
        return open(lowersTopFirst, tempParent, true, notes);
    }

    /**
     * As {@link #open(List, Path, Consumer)}; {@code overlay=false} (see {@link
     * OverlayMount#available}) copies the layers without trying a mount.
     */
    public static RootfsView open(List<Path> lowersTopFirst, Path tempParent, boolean overlay, Consumer<String> notes)
            throws IOException {
        Files.createDirectories(tempParent);
        Path temp = Files.createTempDirectory(tempParent, "view-");
        Path root = Files.createDirectory(temp.resolve("root"));
        if (lowersTopFirst.isEmpty()) {
            return new RootfsView(temp, root, null);
        }
        if (overlay) {
            try {
                // overlayfs refuses a read-only mount of a single lower directory: add an empty one.
                List<Path> lowers = OverlayMount.distinct(lowersTopFirst);
                if (lowers.size() == 1) {
                    lowers = List.of(lowers.get(0), Files.createDirectory(temp.resolve("empty")));
                }
                return new RootfsView(temp, root, OverlayMount.mount(lowers, null, null, root));
            } catch (IOException overlayFailed) {
                notes.accept("overlayfs unavailable (" + overlayFailed.getMessage() + "): copying the layers instead");
            }
        }
        try {
            LayerMerger.merge(lowersTopFirst, root, notes);
            return new RootfsView(temp, root, null);
        } catch (IOException | RuntimeException e) {
            Trees.delete(temp);
            throw e;
        }
    }

    /** The root directory of the view. */
    public Path root() {
        return root;
    }

    /** Whether the view is an overlayfs mount (false: a copy). */
    public boolean isOverlay() {
        return mount != null;
    }

    @Override
    public void close() throws IOException {
        if (mount != null) {
            mount.close(); // if this throws, the tree stays: deleting through a mount would empty the layers
        }
        Trees.delete(temp);
    }
}
