package dev.strata.builder.context;

import java.util.List;
import java.util.Objects;

/**
 * One COPY or ADD, variables already expanded by the engine.
 *
 * @param add true for ADD (archives extracted, URLs allowed)
 * @param root where local sources are read: the build context, a stage's rootfs, a named context
 * @param sources the source words in order, heredoc markers left out
 * @param heredocs here-document sources, in order
 * @param destination the destination word as written (a trailing {@code /} means a directory)
 * @param workdir the stage's WORKDIR, against which a relative destination is taken
 * @param options the flags
 */
public record CopyRequest(boolean add, SourceRoot root, List<String> sources, List<HeredocSource> heredocs,
        String destination, String workdir, CopyOptions options) {
    public CopyRequest {
        Objects.requireNonNull(root, "root");
        sources = List.copyOf(sources);
        heredocs = List.copyOf(heredocs);
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(workdir, "workdir");
        Objects.requireNonNull(options, "options");
    }

    String keyword() {
        return add ? "ADD" : "COPY";
    }
}
