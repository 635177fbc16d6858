package dev.strata.dockerfile;

import dev.strata.dockerfile.directive.DirectiveException;
import dev.strata.dockerfile.directive.DirectiveScanner;
import dev.strata.dockerfile.directive.ParserDirectives;
import dev.strata.dockerfile.model.SourceLocation;
import dev.strata.dockerfile.parse.DockerfileReader;
import dev.strata.dockerfile.parse.ParseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Entry point of the grammar module: Dockerfile text in, typed instructions out. */
public final class Dockerfiles {
    private Dockerfiles() {}

    /**
     * Parses a Dockerfile.
     *
     * @param file the name used in messages ({@code Dockerfile}, {@code build/Dockerfile.dev})
     * @param content the file's text
     * @throws DockerfileException for any syntax error, with file and line
     */
    public static ParseResult parse(String file, String content) {
        ParserDirectives scanned;
        try {
            scanned = DirectiveScanner.scan(content);
        } catch (DirectiveException e) {
            throw new DockerfileException(file, e.line(), e.reason());
        }
        Directives directives = new Directives(scanned.escape(), scanned.syntax(), scanned.check());
        DockerfileReader.Typed typed;
        try {
            typed = DockerfileReader.read(file, content, scanned.escape());
        } catch (ParseException e) {
            throw new DockerfileException(file, e.line(), e.column(), e.reason());
        }
        List<Warning> warnings = new ArrayList<>();
        for (SourceLocation at : typed.emptyContinuationLines()) {
            warnings.add(Warning.emptyContinuation(at));
        }
        return new ParseResult(file, directives, typed.instructions(), warnings);
    }

    /** Reads a UTF-8 Dockerfile and parses it, naming it by its file name in messages. */
    public static ParseResult parse(Path path) throws IOException {
        Path name = path.getFileName();
        return parse(name == null ? path.toString() : name.toString(), Files.readAllBytes(path));
    }

    /**
     * Decodes a Dockerfile's bytes as UTF-8 and parses it.
     *
     * @throws DockerfileException also for bytes that are not UTF-8, naming the line
     */
    public static ParseResult parse(String file, byte[] content) {
        return parse(file, decode(file, content));
    }

    /**
     * The text of a UTF-8 Dockerfile.
     *
     * @throws DockerfileException {@code Dockerfile:3: invalid UTF-8 (byte 0xff at column 7); ...}
     */
    public static String decode(String file, byte[] content) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(content.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (content[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new DockerfileException(file, line, String.format(
                    "invalid UTF-8 (byte 0x%02x at byte %d of the line); save the file as UTF-8",
                    content[at] & 0xFF, at - lineStart + 1));
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
