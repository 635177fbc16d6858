package dev.strata.dockerfile.shell;

/** Quotes a string like Go's {@code %q}, so an error message stays on one line. */
final class GoQuote {
    private GoQuote() {
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(ch -> {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0B -> out.append("\\v");
                default -> {
                    if (ch < 0x20 || ch == 0x7F) {
                        out.append(String.format("\\x%02x", ch));
                    } else if (Character.isISOControl(ch) || Character.getType(ch) == Character.FORMAT
                            || (Character.isSpaceChar(ch) && ch != ' ')) {
                        out.append(ch > 0xFFFF ? String.format("\\U%08x", ch)
                                : String.format("\\u%04x", ch));
                    } else {
                        out.appendCodePoint(ch);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
