package dev.strata.dockerfile.model;

import java.util.Objects;

/**
 * Where an instruction sits in its Dockerfile: 1-based physical lines, continuation lines,
 * comments and blank lines skipped inside a continuation included.
 */
public record SourceLocation(String file, int startLine, int endLine) {
    public SourceLocation {
        Objects.requireNonNull(file, "file");
        if (startLine < 1 || endLine < startLine) {
            throw new IllegalArgumentException("bad line range " + startLine + ".." + endLine);
        }
    }

    /** {@code Dockerfile:7}, the prefix of every error about this instruction. */
    @Override
    public String toString() {
        return file + ":" + startLine;
    }
}
