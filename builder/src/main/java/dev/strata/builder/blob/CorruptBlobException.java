package dev.strata.builder.blob;

import dev.strata.builder.hash.Digest;
import java.nio.file.Path;

/**
 * A blob in the store whose bytes no longer hash to its name (a flipped bit on disk, a file
 * changed by hand). Found while the blob is read, so nothing is exported or pushed from it. A new
 * write of the same digest does not replace it (an existing blob counts as written), hence the
 * advice to delete it.
 */
public final class CorruptBlobException extends DigestMismatchException {
    public CorruptBlobException(Path root, Digest expected, Digest actual, long size) {
        super("blob " + expected + " in the store " + root + " is corrupt (its " + size + " bytes hash to " + actual
                + "): delete blobs/" + expected.algorithm() + "/" + expected.hex()
                + " there, then build or pull the image again; strata fsck checks the whole store", expected, actual);
    }
}
