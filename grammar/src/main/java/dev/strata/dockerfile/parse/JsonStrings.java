package dev.strata.dockerfile.parse;

/** Decodes a JSON string literal the lexer already validated, as Go's encoding/json does. */
final class JsonStrings {
    private JsonStrings() {
    }

    /** @param literal the token, quotes included */
    static String decode(String literal) {
        int end = literal.length() - 1;
        if (literal.indexOf('\\') < 0) {
            return literal.substring(1, end);
        }
        StringBuilder out = new StringBuilder(end);
        for (int i = 1; i < end; i++) {
            char c = literal.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = literal.charAt(++i);
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return replaceLoneSurrogates(out);
    }

    /** Go replaces an unpaired UTF-16 surrogate escape with U+FFFD. */
    private static String replaceLoneSurrogates(StringBuilder s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                s.setCharAt(i, '\uFFFD');
            }
        }
        return s.toString();
    }
}
