package dev.strata.builder.oci;

import dev.strata.builder.hash.Digest;
import java.nio.file.Path;

/**
 * BuildKit's {@code oci-layout://} reference: {@code oci-layout:///path/to/layout},
 * {@code ...:tag} or {@code ...@sha256:<hex>}. {@code tag} and {@code digest} are null when not given.
 */
public record OciLayoutReference(Path layout, String tag, Digest digest) {
    public static final String SCHEME = "oci-layout://";

    /** Parses {@code oci-layout://...}; {@link IllegalArgumentException} with the text when malformed. */
    public static OciLayoutReference parse(String text) {
        if (!text.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not an oci-layout reference: \"" + text + "\" (expected oci-layout:///path[:tag|@sha256:...])");
        }
        String rest = text.substring(SCHEME.length());
        Digest digest = null;
        String tag = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (tag.isEmpty()) {
                throw new IllegalArgumentException("empty tag in \"" + text + "\"");
            }
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("no layout path in \"" + text + "\"");
        }
        return new OciLayoutReference(Path.of(rest), tag, digest);
    }

    /** What to look up in the layout: the digest if given, else the tag, else null. */
    public String lookup() {
        return digest != null ? digest.toString() : tag;
    }
}
