package dev.strata.dockerfile.parse;

import java.util.Arrays;

/**
 * One instruction's text as BuildKit's line reader joins it: the first line without its leading
 * whitespace, continuation characters removed, continuation lines appended as they are, comment and
 * blank lines inside the continuation skipped. Remembers where each piece came from, so that an
 * offset in {@link #text()} maps back to a physical line and column.
 */
final class LogicalLine {
    private final String text;
    private final int startLine;
    private final int endLine;
    private final int[] offsets;
    private final int[] lines;
    private final int[] columns;
    private final boolean emptyContinuation;

    LogicalLine(String text, int startLine, int endLine, int[][] segments, boolean emptyContinuation) {
        this.text = text;
        this.startLine = startLine;
        this.endLine = endLine;
        this.offsets = segments[0];
        this.lines = segments[1];
        this.columns = segments[2];
        this.emptyContinuation = emptyContinuation;
    }

    String text() {
        return text;
    }

    int startLine() {
        return startLine;
    }

    /** The last physical line read for this instruction (before any heredoc body). */
    int endLine() {
        return endLine;
    }

    boolean hadEmptyContinuationLine() {
        return emptyContinuation;
    }

    /** The physical 1-based line holding {@code text().charAt(offset)}. */
    int lineAt(int offset) {
        return lines[segment(offset)];
    }

    /** The 1-based column of {@code text().charAt(offset)} in its physical line. */
    int columnAt(int offset) {
        int k = segment(offset);
        return columns[k] + (offset - offsets[k]);
    }

    private int segment(int offset) {
        int k = Arrays.binarySearch(offsets, offset);
        if (k < 0) {
            k = -k - 2;
        }
        // several segments may start at the same offset when pieces were empty: take the last
        while (k + 1 < offsets.length && offsets[k + 1] == offset) {
            k++;
        }
        return Math.max(k, 0);
    }
}
