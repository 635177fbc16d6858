package dev.strata.dockerfile.shell;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One expansion of one word: a cursor over its code points plus the names looked up so far.
 * Follows BuildKit's {@code shellWord} closely so that its vectors keep passing. Not thread-safe;
 * {@link ShellLexer} makes a new one per call.
 */
final class WordExpander {
    private static final int EOF = -1;
    /**
     * BuildKit has no limits; a hostile Dockerfile then costs a stack overflow (nesting) or
     * gigabytes (doubling ARGs). Real words nest a few levels and stay far below Linux's
     * 128 KiB limit on one argument or environment string.
     */
    static final int MAX_DEPTH = 64;
    static final int MAX_LENGTH = 1 << 20;

    private final ShellLexer lexer;
    private final Map<String, String> env;
    private final int[] input;
    private final Set<String> matched = new LinkedHashSet<>();
    private final Set<String> unmatched = new LinkedHashSet<>();
    private int pos;
    private int depth;

    WordExpander(ShellLexer lexer, String word, Map<String, String> env) {
        this.lexer = lexer;
        this.env = env;
        this.input = word.codePoints().toArray();
    }

    /** The text and fields of one expansion. */
    record Result(String text, List<String> words) {
    }

    Result expand() {
        return processUntil(EOF, lexer.rawEscapes());
    }

    Set<String> matched() {
        return matched;
    }

    Set<String> unmatched() {
        return unmatched;
    }

    private int peek() {
        return pos < input.length ? input[pos] : EOF;
    }

    private int next() {
        return pos < input.length ? input[pos++] : EOF;
    }

    /**
     * Expands up to (and consuming) {@code stop}, or to the end when {@code stop} is EOF.
     *
     * @param rawEscapes keep escape characters in the text, for patterns that interpret them later
     */
    private Result processUntil(int stop, boolean rawEscapes) {
        StringBuilder text = new StringBuilder();
        WordSplitter words = new WordSplitter();
        int escape = lexer.escape();
        while (peek() != EOF) {
            int ch = peek();
            if (stop != EOF && ch == stop) {
                next();
                return new Result(text.toString(), words.words());
            }
            if (ch == '$') {
                String value = processDollar();
                checkLength(text.length() + (long) value.length());
                lexer.charge(value.length());
                text.append(value);
                words.addString(value);
            } else if (lexer.processQuotes() && (ch == '\'' || ch == '"')) {
                String quoted = ch == '\'' ? processSingleQuote() : processDoubleQuote(rawEscapes);
                checkLength(text.length() + (long) quoted.length());
                text.append(quoted);
                words.addRawString(quoted);
            } else {
                next();
                if (ch == escape) {
                    if (rawEscapes) {
                        words.addRawChar(ch);
                        text.appendCodePoint(ch);
                    }
                    ch = next();
                    if (ch == EOF) {
                        // a lone escape at the end of the word is dropped
                        break;
                    }
                    words.addRawChar(ch);
                } else {
                    words.addChar(ch);
                }
                text.appendCodePoint(ch);
            }
        }
        if (stop != EOF) {
            throw new ShellExpansionException(
                    "unexpected end of statement while looking for matching " + Character.toString(stop));
        }
        return new Result(text.toString(), words.words());
    }

    private String processSingleQuote() {
        StringBuilder out = new StringBuilder();
        int quote = next();
        if (lexer.rawQuotes()) {
            out.appendCodePoint(quote);
        }
        while (true) {
            int ch = next();
            if (ch == EOF) {
                throw new ShellExpansionException(
                        "unexpected end of statement while looking for matching single-quote");
            }
            if (ch == '\'') {
                if (lexer.rawQuotes()) {
                    out.appendCodePoint(ch);
                }
                return out.toString();
            }
            out.appendCodePoint(ch);
        }
    }

    private String processDoubleQuote(boolean rawEscapes) {
        StringBuilder out = new StringBuilder();
        int quote = next();
        if (lexer.rawQuotes()) {
            out.appendCodePoint(quote);
        }
        int escape = lexer.escape();
        while (true) {
            int ch = peek();
            if (ch == EOF) {
                throw new ShellExpansionException(
                        "unexpected end of statement while looking for matching double-quote");
            }
            if (ch == '"') {
                next();
                if (lexer.rawQuotes()) {
                    out.appendCodePoint(ch);
                }
                return out.toString();
            }
            if (ch == '$') {
                String value = processDollar();
                checkLength(out.length() + (long) value.length());
                lexer.charge(value.length());
                out.append(value);
                continue;
            }
            next();
            if (ch == escape) {
                if (rawEscapes) {
                    out.appendCodePoint(ch);
                }
                int after = peek();
                if (after == EOF) {
                    continue;
                }
                // inside double quotes the escape only protects ", $ and itself
                if (after == '"' || after == '$' || after == escape) {
                    ch = next();
                }
            }
            out.appendCodePoint(ch);
        }
    }

    private String processDollar() {
        next();
        if (peek() != '{') {
            String name = processName();
            if (name.isEmpty()) {
                return "$";
            }
            String value = lookup(name);
            if (value == null && lexer.keepUnset()) {
                return "$" + name;
            }
            return value == null ? "" : value;
        }
        next();
        if (++depth > MAX_DEPTH) {
            throw new ShellExpansionException("variables nested more than " + MAX_DEPTH + " levels deep");
        }
        try {
            return processBraces();
        } finally {
            depth--;
        }
    }

    private static void checkLength(long length) {
        if (length > MAX_LENGTH) {
            throw new ShellExpansionException("expands to more than 1 MiB");
        }
    }

    /** {@code ${...}} after its opening brace. */
    private String processBraces() {
        int first = peek();
        if (first == EOF) {
            throw new ShellExpansionException("syntax error: missing '}'");
        }
        if (first == '{' || first == '}' || first == ':') {
            throw new ShellExpansionException("syntax error: bad substitution");
        }
        String name = processName();
        int ch = next();
        if (ch == '}') {
            String value = lookup(name);
            if (value == null && lexer.keepUnset()) {
                return "${" + name + "}";
            }
            return value == null ? "" : value;
        }
        if (ch == '/') {
            return new Substitution(name).replace();
        }
        if (ch == ':' || ch == '+' || ch == '-' || ch == '?' || ch == '#' || ch == '%') {
            return new Substitution(name).modify(ch);
        }
        if (ch == EOF) {
            throw new ShellExpansionException("syntax error: missing '}'");
        }
        throw new ShellExpansionException(
                "unsupported modifier (" + Character.toString(ch) + ") in substitution");
    }

    /** Letters, digits and {@code _}; or all digits (positional); or one special parameter. */
    private String processName() {
        StringBuilder name = new StringBuilder();
        while (peek() != EOF) {
            int ch = peek();
            if (name.length() == 0 && Character.isDigit(ch)) {
                while (peek() != EOF && Character.isDigit(peek())) {
                    name.appendCodePoint(next());
                }
                return name.toString();
            }
            if (name.length() == 0 && isSpecialParam(ch)) {
                return Character.toString(next());
            }
            if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') {
                break;
            }
            name.appendCodePoint(next());
        }
        return name.toString();
    }

    private static boolean isSpecialParam(int ch) {
        return ch == '@' || ch == '*' || ch == '#' || ch == '?' || ch == '-' || ch == '$'
                || ch == '!' || ch == '0';
    }

    /** The value of {@code name}, or null when unset; records the name as matched or not. */
    private String lookup(String name) {
        if (env.containsKey(name)) {
            matched.add(name);
            String value = env.get(name);
            return value == null ? "" : value;
        }
        unmatched.add(name);
        return null;
    }

    /** The part of a {@code ${name...}} after the name. */
    private final class Substitution {
        private final String name;

        Substitution(String name) {
            this.name = name;
        }

        /** {@code :-  -  :+  +  :?  ?  #  ##  %  %%}; the operator's first character is consumed. */
        String modify(int first) {
            String operator = Character.toString(first);
            boolean nullIsUnset = first == ':';
            int op = first;
            if (nullIsUnset) {
                op = next();
                operator += op == EOF ? "" : Character.toString(op);
            }
            String word = until('}', op == '#' || op == '%', "syntax error: missing '}'");
            String value = lookup(name);
            if (value == null && lexer.keepUnset()) {
                return "${" + name + operator + word + "}";
            }
            boolean unset = value == null;
            boolean empty = unset || (nullIsUnset && value.isEmpty());
            switch (op) {
                case '-':
                    return empty ? word : value;
                case '+':
                    return empty ? "" : word;
                case '?':
                    if (unset) {
                        throw required(word, "is not allowed to be unset");
                    }
                    if (empty) {
                        throw required(word, "is not allowed to be empty");
                    }
                    return value;
                case '#':
                case '%':
                    return trim(op, word, unset ? "" : value);
                default:
                    throw new ShellExpansionException(
                            "unsupported modifier (" + operator + ") in substitution");
            }
        }

        private ShellExpansionException required(String message, String fallback) {
            return new ShellExpansionException(name + ": " + (message.isEmpty() ? fallback : message));
        }

        private String trim(int op, String word, String value) {
            // %% and ## arrive as % or # followed by a word that starts with the same character
            boolean longest = !word.isEmpty() && word.codePointAt(0) == op;
            String glob = longest ? word.substring(Character.charCount(op)) : word;
            ShellPattern pattern = ShellPattern.compile(glob, lexer.escape());
            return op == '%' ? pattern.trimSuffix(value, longest) : pattern.trimPrefix(value, longest);
        }

        /** {@code /pattern/replacement} or {@code //pattern/replacement}; the first / is consumed. */
        String replace() {
            boolean all = peek() == '/';
            if (all) {
                next();
            }
            String glob = until('/', true, "syntax error: missing '/' in ${}");
            String replacement = until('}', true, "syntax error: missing '}'");
            String value = lookup(name);
            if (value == null && lexer.keepUnset()) {
                return "${" + name + (all ? "//" : "/") + glob + "/" + replacement + "}";
            }
            ShellPattern pattern = ShellPattern.compile(glob, lexer.escape());
            return pattern.replace(value == null ? "" : value, replacement, all);
        }

        private String until(int stop, boolean rawEscapes, String missing) {
            try {
                return processUntil(stop, rawEscapes).text();
            } catch (ShellExpansionException e) {
                // an unterminated inner quote also ran to the end: report the outer problem
                if (peek() == EOF) {
                    throw new ShellExpansionException(missing);
                }
                throw e;
            }
        }
    }
}
