package dev.strata.dockerfile.check;

/**
 * Whether a LABEL (or ENV) line uses the legacy {@code KEY value} form: BuildKit's
 * {@code parseNameVal} decides by whether its first word holds an {@code =}.
 */
final class LegacyForm {
    private LegacyForm() {}

    static boolean isLegacy(String text, char escape) {
        return !firstWord(text, escape).contains("=");
    }

    /** The first word, quotes and escapes kept, ending at unquoted whitespace. */
    static String firstWord(String text, char escape) {
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (word.length() > 0) {
                    break;
                }
                continue;
            }
            word.append(c);
            if (c == escape && quote != '\'' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
        }
        return word.toString();
    }
}
