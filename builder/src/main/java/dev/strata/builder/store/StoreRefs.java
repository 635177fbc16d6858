package dev.strata.builder.store;

import dev.strata.builder.api.BuildException;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.OciLayoutReader;
import dev.strata.builder.oci.OciLayoutWriter;
import dev.strata.builder.oci.Platform;
import dev.strata.builder.oci.ResolvedImage;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Finds images in the store by name, {@code name:tag} or image-ID prefix, as docker does. */
final class StoreRefs {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,64}");

    /** An index.json entry: its name (null when unnamed) and the image it resolves to. */
    record Entry(String name, Descriptor top, ResolvedImage image) {}

    private final BlobStore store;
    private final OciLayoutReader reader;

    StoreRefs(BlobStore store) throws IOException {
        this.store = store;
        this.reader = OciLayoutReader.open(store.root());
    }

    /** Every entry of the index whose image is complete enough to read, in index order. */
    List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        Map<String, ResolvedImage> byDigest = new LinkedHashMap<>();
        for (Descriptor d : OciLayoutWriter.entries(store)) {
            ResolvedImage image = byDigest.get(d.digest().toString());
            if (image == null) {
                try {
                    image = reader.resolve(d.digest().toString(), Platform.host());
                } catch (IOException | RuntimeException broken) {
                    continue; // a half-pruned or foreign entry: not an image we can show
                }
                byDigest.put(d.digest().toString(), image);
            }
            entries.add(new Entry(d.annotation(OciLayoutWriter.REF_NAME), d, image));
        }
        return entries;
    }

    /** The entry {@code ref} names; {@link BuildException} "No such image" otherwise. */
    Entry resolve(String ref) throws IOException {
        String text = ref.trim();
        List<Entry> entries = entries();
        String name = normalize(text).orElse(null);
        if (name != null) {
            for (Entry e : entries) {
                if (name.equals(e.name())) {
                    return e;
                }
            }
        }
        String prefix = text.startsWith("sha256:") ? text.substring(7) : text;
        if (HEX.matcher(prefix).matches()) {
            Entry found = null;
            for (Entry e : entries) {
                boolean matches = e.image().configDigest().hex().startsWith(prefix)
                        || (text.startsWith("sha256:") && e.top().digest().hex().startsWith(prefix));
                if (matches) {
                    if (found != null && !found.image().configDigest().equals(e.image().configDigest())) {
                        throw new BuildException("ambiguous image ID prefix \"" + text + "\": it matches "
                                + found.image().configDigest().shortHex() + " and " + e.image().configDigest().shortHex());
                    }
                    found = found == null ? e : found;
                }
            }
            if (found != null) {
                return found;
            }
        }
        throw new BuildException("No such image: " + (name != null ? name : text));
    }

    /**
     * {@code app} → {@code app:latest}; {@code app:1}, {@code host:5000/app:1} and {@code app@sha256:...}
     * as written; empty for text that is no valid name (upper case, blanks, empty tag).
     */
    static Optional<String> normalize(String text) {
        String t = text.trim();
        int at = t.indexOf('@');
        int slash = t.lastIndexOf('/');
        int colon = t.lastIndexOf(':');
        String repo = at >= 0 ? t.substring(0, at) : colon > slash ? t.substring(0, colon) : t;
        if (repo.isEmpty() || t.chars().anyMatch(c -> c <= ' ') || !repo.equals(repo.toLowerCase(Locale.ROOT))
                || (colon > slash && at < 0 && colon == t.length() - 1) || repo.equals("sha256")) {
            return Optional.empty();
        }
        return Optional.of(at >= 0 || colon > slash ? t : t + ":latest");
    }

    /** A name for {@code tag}, or a {@link BuildException} saying why it is none. */
    static String validName(String text) {
        return normalize(text).orElseThrow(() -> new BuildException(
                "invalid image name \"" + text + "\": expected [registry/]name[:tag] with a lowercase name"));
    }

    /** The config's {@code created} time, if it has a parsable one. */
    static Optional<Instant> time(String created) {
        if (created == null || created.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(created).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
