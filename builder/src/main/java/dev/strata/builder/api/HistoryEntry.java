package dev.strata.builder.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of an image's history, newest first as {@code docker history} shows them: the size is
 * that of the layer the step added (compressed, as stored), or 0 for a step that added none.
 */
public record HistoryEntry(Optional<Instant> created, String createdBy, long size, String comment, boolean emptyLayer) {
    public HistoryEntry {
        Objects.requireNonNull(created, "created");
        createdBy = createdBy == null ? "" : createdBy;
        comment = comment == null ? "" : comment;
    }
}
