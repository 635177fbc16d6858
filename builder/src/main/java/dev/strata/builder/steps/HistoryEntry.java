package dev.strata.builder.steps;

import java.util.Objects;
import java.util.Optional;

/**
 * One image history entry, as BuildKit writes it ({@code created_by}, {@code empty_layer}); a base
 * image's entries keep their text exactly ({@code created} as written).
 */
public record HistoryEntry(Optional<String> created, Optional<String> createdBy, Optional<String> author,
        Optional<String> comment, boolean emptyLayer) {
    public HistoryEntry {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(comment, "comment");
    }

    /** The comment BuildKit puts on every entry it writes. */
    public static final String BUILDKIT_COMMENT = "buildkit.dockerfile.v0";
}
