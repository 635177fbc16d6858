package dev.strata.builder.rootfs;

import java.io.IOException;

/** A layer entry that would land outside its root, or through a symlink, or link outside its layer. */
public final class UnsafeLayerException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnsafeLayerException(String message) {
        super(message);
    }
}
