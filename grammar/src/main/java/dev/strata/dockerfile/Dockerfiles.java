package dev.strata.dockerfile;

import dev.strata.dockerfile.directive.DirectiveException;
import dev.strata.dockerfile.directive.DirectiveScanner;
import dev.strata.dockerfile.directive.ParserDirectives;
import dev.strata.dockerfile.model.SourceLocation;
import dev.strata.dockerfile.parse.DockerfileReader;
import dev.strata.dockerfile.parse.ParseException;
import java.io.IOException;
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
            warnings.add(new Warning(at, "empty continuation line (a blank line inside a continued instruction;"
                    + " Docker plans to make this an error)"));
        }
        return new ParseResult(file, directives, typed.instructions(), warnings);
    }

    /** Reads a UTF-8 Dockerfile and parses it, naming it by its file name in messages. */
    public static ParseResult parse(Path path) throws IOException {
        String content = Files.readString(path, StandardCharsets.UTF_8);
        Path name = path.getFileName();
        return parse(name == null ? path.toString() : name.toString(), content);
    }
}
