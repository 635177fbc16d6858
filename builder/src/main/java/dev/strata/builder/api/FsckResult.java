package dev.strata.builder.api;

import java.util.List;

/**
 * What {@link ImageStore#fsck} found: how many blobs it hashed and images it walked, and one
 * line per problem ({@code blob sha256:...: corrupt ...}, {@code image app:1: layer sha256:... is
 * missing}); empty when the store is sound.
 */
public record FsckResult(int blobs, int images, List<String> problems) {
    public FsckResult {
        problems = List.copyOf(problems);
    }
}
