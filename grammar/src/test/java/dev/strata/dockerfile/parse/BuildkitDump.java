package dev.strata.dockerfile.parse;

import dev.strata.dockerfile.model.Flag;
import dev.strata.dockerfile.model.RawInstruction;
import java.util.List;
import java.util.Locale;

/** Renders raw instructions in BuildKit's parser dump format ({@code Node.Dump}), for its fixtures. */
final class BuildkitDump {
    private BuildkitDump() {
    }

    static String dump(List<RawInstruction> instructions) {
        StringBuilder out = new StringBuilder();
        for (RawInstruction raw : instructions) {
            out.append('(').append(node(raw)).append(")\n");
        }
        return out.toString().strip() + "\n";
    }

    private static String node(RawInstruction raw) {
        StringBuilder s = new StringBuilder(raw.keyword().toLowerCase(Locale.ROOT));
        if (!raw.flags().isEmpty()) {
            s.append(" [");
            for (int i = 0; i < raw.flags().size(); i++) {
                Flag flag = raw.flags().get(i);
                s.append(i == 0 ? "" : " ").append(quote(flag.raw()));
            }
            s.append(']');
        }
        raw.trigger().ifPresent(t -> s.append(" (").append(node(t)).append(')'));
        for (String arg : raw.args()) {
            s.append(' ').append(quote(arg));
        }
        return s.toString().strip();
    }

    /** Go's {@code strconv.Quote}. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
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
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\x%02x", c));
                    } else if (c == ' ' || (c > 0x7F && printable(c)) || (c > 0x20 && c < 0x7F)) {
                        out.appendCodePoint(c);
                    } else {
                        out.append(c > 0xFFFF ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    private static boolean printable(int c) {
        int type = Character.getType(c);
        return !(Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                || type == Character.FORMAT || type == Character.SURROGATE || type == Character.PRIVATE_USE
                || type == Character.UNASSIGNED);
    }
}
