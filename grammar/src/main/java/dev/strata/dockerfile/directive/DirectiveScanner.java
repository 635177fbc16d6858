package dev.strata.dockerfile.directive;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the parser directives ({@code # syntax=}, {@code # escape=}, {@code # check=}) at the top of
 * a Dockerfile, the way BuildKit does: a directive line is {@code #}, optional blanks, a key, optional
 * blanks, {@code =}, a value; leading whitespace is allowed; the key is case-insensitive. The first
 * line that is not a known directive (an instruction, a blank line, an ordinary comment, an unknown
 * key) ends the section for good, so a directive after it is just a comment.
 */
public final class DirectiveScanner {
    private static final Pattern DIRECTIVE =
            Pattern.compile("^#[\\t\\n\\f\\r ]*([a-zA-Z][a-zA-Z0-9]*)[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*(.+?)[\\t\\n\\f\\r ]*$");
    private static final Set<String> KNOWN = Set.of("syntax", "escape", "check");

    private DirectiveScanner() {
    }

    /**
     * @throws DirectiveException when a directive is repeated or {@code escape} is not {@code \} or
     *     {@code `}
     */
    public static ParserDirectives scan(String content) {
        char escape = '\\';
        String syntax = null;
        String check = null;
        Set<String> seen = new HashSet<>();
        int pos = content.startsWith("\uFEFF") ? 1 : 0;
        int lineNo = 0;
        while (pos < content.length()) {
            int nl = content.indexOf('\n', pos);
            int end = nl < 0 ? content.length() : nl;
            String line = trimLeft(stripNewline(content.substring(pos, end)));
            Matcher m = DIRECTIVE.matcher(line);
            if (!m.matches()) {
                break;
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(key)) {
                break;
            }
            lineNo++;
            if (!seen.add(key)) {
                throw new DirectiveException(lineNo, "only one " + key + " parser directive can be used");
            }
            String value = m.group(2);
            switch (key) {
                case "escape" -> {
                    if (!value.equals("\\") && !value.equals("`")) {
                        throw new DirectiveException(lineNo,
                                "invalid escape token '" + value + "' does not match ` or \\");
                    }
                    escape = value.charAt(0);
                }
                case "syntax" -> syntax = value;
                default -> check = value;
            }
            pos = nl < 0 ? content.length() : nl + 1;
        }
        return new ParserDirectives(escape, Optional.ofNullable(syntax), Optional.ofNullable(check), lineNo);
    }

    private static String stripNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\r' || s.charAt(end - 1) == '\n')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String trimLeft(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f' || c == 0x85
                || Character.isSpaceChar(c);
    }
}
