package dev.strata.dockerfile.parse;

import dev.strata.dockerfile.model.Flag;

/**
 * Turns a {@code --flag} word as written into a {@link Flag}, as BuildKit's
 * {@code extractBuilderFlags} does: quotes are removed, a backslash makes the next character
 * literal (always a backslash, whatever the escape directive), and the word splits at its first
 * {@code =}.
 */
final class Flags {
    private Flags() {
    }

    static Flag decode(String written) {
        StringBuilder word = new StringBuilder(written.length());
        char quote = 0;
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
                continue;
            }
            if (quote != 0 && c == quote) {
                quote = 0;
                continue;
            }
            if (c == '\\') {
                if (i + 1 == written.length()) {
                    continue;
                }
                c = written.charAt(++i);
            }
            word.append(c);
        }
        String body = word.substring(2);
        int eq = body.indexOf('=');
        return eq < 0 ? Flag.of(body, null) : Flag.of(body.substring(0, eq), body.substring(eq + 1));
    }
}
