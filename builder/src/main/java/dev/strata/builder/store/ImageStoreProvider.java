package dev.strata.builder.store;

import dev.strata.builder.api.ImageStore;
import java.io.IOException;
import java.nio.file.Path;

/** Registers the local store as the {@link ImageStore} front ends open (a {@code ServiceLoader} service). */
public final class ImageStoreProvider implements ImageStore.Provider {
    @Override
    public ImageStore open(Path root) throws IOException {
        return LocalImageStore.open(root);
    }
}
