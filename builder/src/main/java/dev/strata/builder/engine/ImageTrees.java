package dev.strata.builder.engine;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.context.LayeredImageTree;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.steps.StepException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata of layer stacks read from their tar headers, never extracted: what COPY and
 * WORKDIR need of the image below (does the destination exist, is it a symlink or a file, which
 * owner and mode has a parent directory) and the text of {@code /etc/passwd} and {@code /etc/group}
 * for {@code --chown} names and USER. A build without RUN so never unpacks its base (and works
 * where files cannot be given away: a non-root builder). Each stack is built from the longest
 * stack below it already read, so every layer blob is read once per build. Thread-safe.
 */
final class ImageTrees {
    private final BlobStore store;
    private final Map<String, LayeredImageTree> trees = new HashMap<>();

    ImageTrees(BlobStore store) {
        this.store = store;
    }

    /** The tree of {@code stack} (bottom layer first); do not modify it. */
    synchronized LayeredImageTree tree(List<Layer> stack) {
        int known = stack.size();
        LayeredImageTree below = null;
        while (known > 0 && (below = trees.get(key(stack, known))) == null) {
            known--;
        }
        if (known == stack.size()) {
            return below;
        }
        LayeredImageTree tree = below == null ? new LayeredImageTree() : below.copy();
        for (int i = known; i < stack.size(); i++) {
            Layer layer = stack.get(i);
            try {
                tree.applyLayer(store.path(layer.digest()));
            } catch (IOException | RuntimeException e) {
                throw new StepException("cannot read layer " + layer.digest() + ": " + e.getMessage(), e);
            }
        }
        trees.put(key(stack, stack.size()), tree);
        return tree;
    }

    private static String key(List<Layer> stack, int size) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < size; i++) {
            key.append(stack.get(i).diffId().hex()).append(',');
        }
        return key.toString();
    }
}
