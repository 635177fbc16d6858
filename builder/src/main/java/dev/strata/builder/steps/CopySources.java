package dev.strata.builder.steps;

import dev.strata.builder.layer.LayerEntry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves the sources of one COPY or ADD into layer entries (backed by the context package's
 * resolver).
 */
public interface CopySources {

    /**
     * @param from where the sources are read ({@code null} root means the build context)
     * @param sources expanded source words (globs allowed), relative to the root
     * @param destination the expanded destination, absolute (WORKDIR applied), trailing '/' kept
     * @param owner the numeric owner for new entries, or empty to keep the source's (stage) / root
     * @param chmod the {@code --chmod} bits, if given
     */
    record Spec(FileRoot from, List<String> sources, String destination, Optional<long[]> owner,
            Optional<Integer> chmod, List<String> excludes, boolean parents, boolean add) {
        public Spec {
            Objects.requireNonNull(from, "from");
            sources = List.copyOf(sources);
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(chmod, "chmod");
            excludes = List.copyOf(excludes);
        }
    }

    /** The entries to write and the digests that identify the sources' content for the cache key. */
    record Resolved(List<LayerEntry> entries, List<String> contentDigests) {
        public Resolved {
            entries = List.copyOf(entries);
            contentDigests = List.copyOf(contentDigests);
        }
    }

    /** @throws StepException for a missing source, a source outside the root, a bad pattern */
    Resolved resolve(Spec spec);
}
