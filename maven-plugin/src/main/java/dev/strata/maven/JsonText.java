package dev.strata.maven;

import java.util.Locale;

/** JSON string literals for the small documents the plugin writes by hand (image metadata, the SBOM). */
final class JsonText {
    private JsonText() {}

    /** {@code text} as a JSON string: quoted, with quotes, backslashes and control characters escaped. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
