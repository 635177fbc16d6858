package dev.strata.dockerfile.parse;

import java.util.Arrays;

/**
 * The physical lines of a Dockerfile, split at {@code \n} like BuildKit's scanner (a final line
 * without a newline counts; a UTF-8 byte-order mark at the start is ignored).
 */
final class SourceLines {
    private final String content;
    private final int[] starts;
    private final int count;

    SourceLines(String content) {
        this.content = content.startsWith("\uFEFF") ? content.substring(1) : content;
        int[] found = new int[64];
        int n = 0;
        int pos = 0;
        while (pos < this.content.length()) {
            if (n == found.length) {
                found = Arrays.copyOf(found, n * 2);
            }
            found[n++] = pos;
            int nl = this.content.indexOf('\n', pos);
            pos = nl < 0 ? this.content.length() : nl + 1;
        }
        this.starts = found;
        this.count = n;
    }

    int count() {
        return count;
    }

    /** Line {@code index} (0-based) including its line ending. */
    String raw(int index) {
        int end = index + 1 < count ? starts[index + 1] : content.length();
        return content.substring(starts[index], end);
    }

    /** Line {@code index} (0-based) without trailing {@code \r} and {@code \n} characters. */
    String line(int index) {
        int end = index + 1 < count ? starts[index + 1] : content.length();
        while (end > starts[index] && (content.charAt(end - 1) == '\n' || content.charAt(end - 1) == '\r')) {
            end--;
        }
        return content.substring(starts[index], end);
    }
}
