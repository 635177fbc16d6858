package dev.strata.dockerfile.parse;

import dev.strata.dockerfile.model.Heredoc;
import dev.strata.dockerfile.model.Instruction;
import dev.strata.dockerfile.model.RawInstruction;
import dev.strata.dockerfile.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Reads a Dockerfile's instructions. {@link #readRaw} is BuildKit's parser (syntax only: the node
 * tree its parser fixtures dump); {@link #read} also applies each instruction's rules and returns the
 * typed records. The escape character comes from the directive scanner.
 */
public final class DockerfileReader {
    private DockerfileReader() {
    }

    /** The raw instructions and the places of empty continuation lines (a warning upstream). */
    public record Raw(List<RawInstruction> instructions, List<SourceLocation> emptyContinuationLines) {
        public Raw {
            instructions = List.copyOf(instructions);
            emptyContinuationLines = List.copyOf(emptyContinuationLines);
        }
    }

    /** The typed instructions and the places of empty continuation lines. */
    public record Typed(List<Instruction> instructions, List<SourceLocation> emptyContinuationLines) {
        public Typed {
            instructions = List.copyOf(instructions);
            emptyContinuationLines = List.copyOf(emptyContinuationLines);
        }
    }

    /**
     * @param file the name used in locations
     * @throws ParseException on a syntax error, an unterminated heredoc, or no instructions at all
     */
    public static Raw readRaw(String file, String content, char escape) {
        List<SourceLocation> empty = new ArrayList<>();
        List<RawInstruction> raws = readAll(file, content, escape, empty, (raw, node) -> raw);
        return new Raw(raws, empty);
    }

    /**
     * @throws ParseException on any error {@link #readRaw} reports, and when an instruction breaks
     *     its own rules (unknown keyword, missing arguments, blank names...)
     */
    public static Typed read(String file, String content, char escape) {
        List<SourceLocation> empty = new ArrayList<>();
        List<Instruction> typed = readAll(file, content, escape, empty, TypedInstructions::of);
        return new Typed(typed, empty);
    }

    private static <T> List<T> readAll(String file, String content, char escape, List<SourceLocation> empty,
            BiFunction<RawInstruction, Located, T> convert) {
        SourceLines lines = new SourceLines(content);
        LineReader reader = new LineReader(lines, escape);
        NodeBuilder builder = new NodeBuilder(escape);
        List<T> out = new ArrayList<>();
        for (LogicalLine line = reader.next(); line != null; line = reader.next()) {
            String text = line.text();
            int lead = Blanks.leading(text);
            int end = Blanks.trailing(text);
            if (lead >= end) {
                continue;
            }
            Node node = builder.build(text.substring(lead, end), lead, line);
            List<Heredoc> heredocs = node.canContainHeredoc() ? heredocs(text, line, reader) : List.of();
            SourceLocation location = new SourceLocation(file, line.startLine(), reader.linesRead());
            if (line.hadEmptyContinuationLine()) {
                empty.add(new SourceLocation(file, line.startLine(), line.endLine()));
            }
            out.add(convert.apply(node.toRaw(location, heredocs), new Located(line, node)));
        }
        if (out.isEmpty()) {
            throw new ParseException(0, "file with no instructions");
        }
        return out;
    }

    private static List<Heredoc> heredocs(String text, LogicalLine line, LineReader reader) {
        List<Heredoc> heredocs = new ArrayList<>();
        for (HeredocMarkers.Marker marker : HeredocMarkers.find(text)) {
            String body = reader.readHeredoc(marker.name(), marker.chomp());
            if (body == null) {
                throw new ParseException(reader.linesRead(), "unterminated heredoc \"" + marker.name()
                        + "\" (started on line " + line.startLine() + ")");
            }
            if (marker.chomp()) {
                body = body.replaceAll("(?m)^\t+", "");
            }
            heredocs.add(new Heredoc(marker.name(), body, marker.expand(), marker.chomp(), marker.fileDescriptor()));
        }
        return heredocs;
    }

    /** The logical line an instruction came from, to place errors on a line and column. */
    record Located(LogicalLine line, Node node) {
    }
}
