package dev.strata.dockerfile.parse;

import java.util.Arrays;

/**
 * Reads a Dockerfile one instruction at a time, following BuildKit's line reader: comments and blank
 * lines between instructions are skipped; a line ending in the escape character (blanks after it
 * allowed, but not a doubled escape character) continues on the next line; comment lines and blank
 * lines inside a continuation are skipped; heredoc bodies are read on request after the instruction
 * line. Directive lines are comments here (the directive scanner read them already). Not
 * thread-safe.
 */
final class LineReader {
    private final SourceLines lines;
    private final char escape;
    private int next;

    LineReader(SourceLines lines, char escape) {
        this.lines = lines;
        this.escape = escape;
    }

    /** How many physical lines have been read. */
    int linesRead() {
        return next;
    }

    /** The next instruction's joined text, or {@code null} at the end of the file. */
    LogicalLine next() {
        while (next < lines.count()) {
            String physical = lines.line(next++);
            int lead = Blanks.leading(physical);
            String first = physical.substring(lead);
            if (first.startsWith("#")) {
                continue;
            }
            int startLine = next;
            Piece piece = trimContinuation(first);
            if (piece.endOfLine && piece.text.isEmpty()) {
                continue;
            }
            Segments segments = new Segments();
            segments.add(0, startLine, lead + 1);
            StringBuilder text = new StringBuilder(piece.text);
            boolean endOfLine = piece.endOfLine;
            boolean emptyContinuation = false;
            while (!endOfLine && next < lines.count()) {
                String continued = lines.line(next++);
                int blank = Blanks.leading(continued);
                if (blank == continued.length()) {
                    emptyContinuation = true;
                    continue;
                }
                if (continued.charAt(blank) == '#') {
                    continue;
                }
                Piece more = trimContinuation(continued);
                segments.add(text.length(), next, 1);
                text.append(more.text);
                endOfLine = more.endOfLine;
            }
            return new LogicalLine(text.toString(), startLine, next, segments.toArrays(), emptyContinuation);
        }
        return null;
    }

    /**
     * Reads a heredoc body: every line up to one equal to {@code name} (after removing leading tabs
     * when {@code chomp}). Lines keep their line endings.
     *
     * @return the body, or {@code null} when the file ends first
     */
    String readHeredoc(String name, boolean chomp) {
        StringBuilder body = new StringBuilder();
        while (next < lines.count()) {
            String line = lines.line(next);
            if (chomp) {
                int tabs = 0;
                while (tabs < line.length() && line.charAt(tabs) == '\t') {
                    tabs++;
                }
                line = line.substring(tabs);
            }
            if (line.equals(name)) {
                next++;
                return body.toString();
            }
            body.append(lines.raw(next++));
        }
        return null;
    }

    /**
     * BuildKit's {@code ([^E])E[ \t]*$|^E[ \t]*$} with E the escape character: removes a trailing
     * continuation character (and the blanks after it) unless it is itself escaped.
     */
    private Piece trimContinuation(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end == 0 || line.charAt(end - 1) != escape) {
            return new Piece(line, true);
        }
        if (end == 1) {
            return new Piece("", false);
        }
        if (line.charAt(end - 2) == escape) {
            return new Piece(line, true);
        }
        return new Piece(line.substring(0, end - 1), false);
    }

    private record Piece(String text, boolean endOfLine) {
    }

    /** Where each appended piece of a logical line starts: offset, physical line, column. */
    private static final class Segments {
        private int[] offsets = new int[4];
        private int[] lineNumbers = new int[4];
        private int[] columns = new int[4];
        private int size;

        void add(int offset, int line, int column) {
            if (size == offsets.length) {
                offsets = Arrays.copyOf(offsets, size * 2);
                lineNumbers = Arrays.copyOf(lineNumbers, size * 2);
                columns = Arrays.copyOf(columns, size * 2);
            }
            offsets[size] = offset;
            lineNumbers[size] = line;
            columns[size] = column;
            size++;
        }

        int[][] toArrays() {
            return new int[][] {
                Arrays.copyOf(offsets, size), Arrays.copyOf(lineNumbers, size), Arrays.copyOf(columns, size)
            };
        }
    }
}
