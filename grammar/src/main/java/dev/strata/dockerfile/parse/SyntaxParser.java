package dev.strata.dockerfile.parse;

import dev.strata.dockerfile.model.Flag;
import dev.strata.grammar.DockerfileLexer;
import dev.strata.grammar.DockerfileParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Runs the ANTLR grammar ({@code DockerfileLexer.g4}, {@code DockerfileParser.g4}) over one
 * instruction's joined text. Default error listeners are removed: the grammar accepts every input
 * by construction, so a syntax error here is a bug and is thrown as such.
 */
final class SyntaxParser {
    private static final BaseErrorListener THROWING = new BaseErrorListener() {
        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
                int charPositionInLine, String msg, RecognitionException e) {
            throw new IllegalStateException("grammar rejected its input at " + charPositionInLine + ": " + msg);
        }
    };

    static final int MAX_JSON_DEPTH = 64;

    private SyntaxParser() {
    }

    /**
     * Parses a whole instruction ({@code KEYWORD [--flags] rest}); {@code text} must not start with
     * whitespace.
     *
     * @param at maps an offset in {@code text} to a place, for errors
     * @throws ParseException for a JSON array holding something other than strings
     */
    static Syntax instruction(String text, Place at) {
        DockerfileParser parser = parser(text, false, at);
        DockerfileParser.InstructionContext ctx = parser.instruction();
        List<Flag> flags = new ArrayList<>();
        for (DockerfileParser.FlagContext flag : ctx.flag()) {
            flags.add(Flags.decode(flag.getText()));
        }
        DockerfileParser.RestContext rest = ctx.rest();
        if (rest == null) {
            return new Syntax(ctx.KEYWORD().getText(), flags, "", text.length(), null);
        }
        int start = rest.getStart().getStartIndex();
        return new Syntax(ctx.KEYWORD().getText(), flags, text.substring(start), start, exec(rest, at));
    }

    /**
     * Parses text that is only a command (HEALTHCHECK's after its type): exec form or not.
     *
     * @return the decoded strings for exec form, else {@code null}
     */
    static List<String> command(String text, Place at) {
        DockerfileParser parser = parser(text, true, at);
        DockerfileParser.RestContext rest = parser.restOnly().rest();
        return rest == null ? null : exec(rest, at);
    }

    private static DockerfileParser parser(String text, boolean restOnly, Place at) {
        DockerfileLexer lexer = new DockerfileLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        lexer.addErrorListener(THROWING);
        if (restOnly) {
            lexer.mode(DockerfileLexer.REST);
        }
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        checkNesting(tokens.getTokens(), at);
        DockerfileParser parser = new DockerfileParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(THROWING);
        return parser;
    }

    /**
     * The grammar recurses once per nested JSON array or object, so deep nesting would overflow
     * the parser's stack. Exec form holds only strings, so nesting is an error anyway (or, left
     * unclosed, makes shell form in BuildKit); when the rest starts with {@code [} and nests
     * deeper than 64 levels we refuse it up front. Shell text is not concerned.
     */
    private static void checkNesting(List<Token> tokens, Place at) {
        int depth = 0;
        boolean started = false;
        for (Token token : tokens) {
            int type = token.getType();
            if (token.getChannel() != Token.DEFAULT_CHANNEL || type == DockerfileLexer.KEYWORD
                    || type == DockerfileLexer.FLAG || type == DockerfileLexer.END_OF_FLAGS) {
                continue;
            }
            if (!started && type != DockerfileLexer.LBRACK) {
                return;
            }
            started = true;
            if (type == DockerfileLexer.LBRACK || type == DockerfileLexer.LBRACE) {
                if (++depth > MAX_JSON_DEPTH) {
                    throw new ParseException(at.line(token.getStartIndex()), at.column(token.getStartIndex()),
                            "JSON nested more than " + MAX_JSON_DEPTH + " levels deep");
                }
            } else if (type == DockerfileLexer.RBRACK || type == DockerfileLexer.RBRACE) {
                if (--depth == 0) {
                    return;
                }
            }
        }
    }

    private static List<String> exec(DockerfileParser.RestContext rest, Place at) {
        if (!(rest instanceof DockerfileParser.ExecFormContext execForm)) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (DockerfileParser.JsonValueContext value : execForm.jsonArray().jsonValue()) {
            if (!(value instanceof DockerfileParser.JsonStringContext string)) {
                Token token = value.getStart();
                throw new ParseException(at.line(token.getStartIndex()), at.column(token.getStartIndex()),
                        "JSON arrays must contain only strings, found " + kind(value));
            }
            strings.add(JsonStrings.decode(string.STRING().getText()));
        }
        return strings;
    }

    private static String kind(DockerfileParser.JsonValueContext value) {
        if (value instanceof DockerfileParser.JsonNestedContext) {
            return "an array";
        }
        if (value instanceof DockerfileParser.JsonObjectContext) {
            return "an object";
        }
        if (value instanceof DockerfileParser.JsonNumberContext) {
            return "a number";
        }
        if (value instanceof DockerfileParser.JsonBooleanContext) {
            return "a boolean";
        }
        return "null";
    }

    /** Maps offsets of the parsed text to physical lines and columns. */
    interface Place {
        int line(int offset);

        int column(int offset);
    }
}
