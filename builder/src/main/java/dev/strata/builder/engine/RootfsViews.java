package dev.strata.builder.engine;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.rootfs.LayerStore;
import dev.strata.builder.rootfs.OverlayMount;
import dev.strata.builder.rootfs.Trees;
import dev.strata.builder.rootfs.RootfsView;
import dev.strata.builder.steps.StepException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-only root file systems of layer stacks (a stage so far, a finished stage, an image), for
 * COPY --from, /etc/passwd lookups and the destination checks of COPY and WORKDIR. Layers are
 * extracted once per diff ID into the store and stacked with overlayfs; a view lives until the
 * build ends. Thread-safe.
 */
final class RootfsViews implements AutoCloseable {
    private final BlobStore store;
    private final LayerStore layers;
    private final BuildSession session;
    private final Map<String, RootfsView> views = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Set<String> noted = ConcurrentHashMap.newKeySet();
    private Boolean overlay;

    RootfsViews(BlobStore store, BuildSession session) throws IOException {
        this.store = store;
        this.layers = new LayerStore(store.root());
        this.session = session;
    }

    /**
     * The root directory of a view of {@code stack} (bottom layer first); empty stacks give an
     * empty root. Layers extracted for it report their progress as {@code step}'s.
     */
    Path root(List<Layer> stack, int step) {
        String key = String.join(",", stack.stream().map(l -> l.diffId().hex()).toList());
        synchronized (this) {
            RootfsView view = views.get(key);
            if (view == null) {
                view = open(stack, step);
                views.put(key, view);
            }
            return view.root();
        }
    }

    /**
     * The extracted directory of one layer (an overlay lower directory); when it has to be
     * extracted first, {@link BuildEvent.Extracting} events of {@code step} tell how far it is.
     */
    Path extracted(Layer layer, int step) {
        String digest = layer.digest().toString();
        try {
            return layers.extract(store.path(layer.digest()), layer.diffId().hex(), this::note,
                    (bytes, size) -> session.emit(new BuildEvent.Extracting(step, digest, bytes, size)));
        } catch (IOException e) {
            throw new StepException("cannot extract layer " + layer.digest() + ": " + e.getMessage(), e);
        }
    }

    /** Whether extracted files carry their layers' owners (see {@link LayerStore#keepsOwners}). */
    boolean keepsOwners() {
        try {
            return layers.keepsOwners();
        } catch (IOException e) {
            throw new StepException("cannot write in the layer store: " + e.getMessage(), e);
        }
    }

    LayerStore layerStore() {
        return layers;
    }

    private RootfsView open(List<Layer> stack, int step) {
        List<Path> lowers = new ArrayList<>();
        for (int i = stack.size() - 1; i >= 0; i--) {
            lowers.add(extracted(stack.get(i), step));
        }
        try {
            return RootfsView.open(lowers, session.tempDir(), overlayAvailable(), this::note);
        } catch (IOException e) {
            throw new StepException("cannot assemble a root file system: " + e.getMessage(), e);
        }
    }

    /** Probed once per build (a mount in a scratch directory); false as non-root or before Linux 6.7. */
    private synchronized boolean overlayAvailable() throws IOException {
        if (overlay == null) {
            Path scratch = Files.createTempDirectory(session.tempDir(), "probe-");
            try {
                overlay = OverlayMount.available(scratch, false);
            } finally {
                Trees.delete(scratch);
            }
            if (!overlay) {
                note("overlayfs (with userxattr and xattr whiteouts) is not available here: views of images and stages"
                        + " are copies of their layers (slower)");
            }
        }
        return overlay;
    }

    /** Each warning once per build: the same one comes from every layer extracted. */
    private void note(String text) {
        if (!noted.add(text)) {
            return;
        }
        session.emit(new BuildEvent.Warning("", 0, text));
    }

    @Override
    public void close() {
        synchronized (this) {
            for (RootfsView view : views.values()) {
                try {
                    view.close();
                } catch (IOException e) {
                    note("cannot remove a temporary root file system: " + e.getMessage());
                }
            }
            views.clear();
        }
    }
}
