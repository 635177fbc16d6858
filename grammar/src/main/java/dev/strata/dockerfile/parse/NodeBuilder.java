package dev.strata.dockerfile.parse;

import dev.strata.dockerfile.model.Form;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * BuildKit's per-keyword argument rules ({@code line_parsers.go}): how the rest of the line after
 * the flags becomes the raw argument list. Unknown keywords are kept (the typed layer rejects them).
 */
final class NodeBuilder {
    private final char escape;

    NodeBuilder(char escape) {
        this.escape = escape;
    }

    Node build(String text, int offset, LogicalLine line) {
        SyntaxParser.Place place = place(line, offset);
        Syntax syntax = SyntaxParser.instruction(text, place);
        String rest = syntax.rest();
        int restOffset = offset + syntax.restOffset();
        String keyword = syntax.keyword();
        List<String> args = List.of();
        Form form = null;
        Node trigger = null;
        switch (syntax.keyword().toLowerCase(Locale.ROOT)) {
            case "run", "cmd", "entrypoint", "shell" -> {
                form = syntax.isExec() ? Form.EXEC : Form.SHELL;
                args = syntax.isExec() ? syntax.exec() : rest.isEmpty() ? List.of() : List.of(rest);
            }
            case "add", "copy", "volume" -> {
                form = syntax.isExec() ? Form.EXEC : null;
                args = syntax.isExec() ? syntax.exec() : Words.whitespace(rest);
            }
            case "from", "expose" -> args = Words.whitespace(rest);
            case "maintainer", "stopsignal", "user", "workdir" -> args = rest.isEmpty() ? List.of() : List.of(rest);
            case "arg" -> args = Words.quoted(rest, escape);
            case "env", "label" -> args = nameValues(keyword, rest, line);
            case "healthcheck" -> {
                HealthArgs health = healthcheck(rest, restOffset, line);
                args = health.args;
                form = health.form;
            }
            case "onbuild" -> {
                if (!rest.isEmpty()) {
                    trigger = build(rest, restOffset, line);
                }
            }
            default -> args = List.of("");
        }
        return new Node(keyword, syntax.flags(), args, form, rest, restOffset, trigger);
    }

    /**
     * ENV and LABEL: {@code key value} (old form: key, the rest verbatim, "") or {@code k=v ...}
     * (each pair: key, raw value, "=").
     */
    private List<String> nameValues(String keyword, String rest, LogicalLine line) {
        List<String> words = Words.quoted(rest, escape);
        List<String> args = new ArrayList<>();
        if (words.isEmpty()) {
            return args;
        }
        String upper = keyword.toUpperCase(Locale.ROOT);
        if (!words.get(0).contains("=")) {
            List<String> parts = splitOnce(rest);
            if (parts.size() < 2) {
                throw new ParseException(line.startLine(), upper + " must have two arguments: " + upper
                        + " key=value (or the legacy " + upper + " key value)");
            }
            args.add(parts.get(0));
            args.add(parts.get(1));
            args.add("");
            return args;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new ParseException(line.startLine(), "Syntax error - can't find = in \"" + word
                        + "\". Must be of the form: name=value");
            }
            args.add(word.substring(0, eq));
            args.add(word.substring(eq + 1));
            args.add("=");
        }
        return args;
    }

    /** BuildKit's {@code reWhitespace.Split(rest, 2)}: the first word and everything after its blanks. */
    private static List<String> splitOnce(String rest) {
        int i = 0;
        while (i < rest.length() && !Blanks.isSeparator(rest.charAt(i))) {
            i++;
        }
        if (i == rest.length()) {
            return List.of(rest);
        }
        int j = i;
        while (j < rest.length() && Blanks.isSeparator(rest.charAt(j))) {
            j++;
        }
        return List.of(rest.substring(0, i), rest.substring(j));
    }

    private record HealthArgs(List<String> args, Form form) {
    }

    /** HEALTHCHECK: the first word is the type, kept as written; the rest is parsed like CMD. */
    private HealthArgs healthcheck(String rest, int restOffset, LogicalLine line) {
        int sep = 0;
        while (sep < rest.length() && !Blanks.isSpace(rest.charAt(sep))) {
            sep++;
        }
        if (sep == 0) {
            return new HealthArgs(List.of(), null);
        }
        int next = sep;
        while (next < rest.length() && Blanks.isSpace(rest.charAt(next))) {
            next++;
        }
        List<String> args = new ArrayList<>();
        args.add(rest.substring(0, sep));
        String command = rest.substring(next);
        if (command.isEmpty()) {
            return new HealthArgs(args, null);
        }
        List<String> exec = SyntaxParser.command(command, place(line, restOffset + next));
        if (exec != null) {
            args.addAll(exec);
            return new HealthArgs(args, Form.EXEC);
        }
        args.add(command);
        return new HealthArgs(args, Form.SHELL);
    }

    private static SyntaxParser.Place place(LogicalLine line, int offset) {
        return new SyntaxParser.Place() {
            @Override
            public int line(int at) {
                return line.lineAt(offset + at);
            }

            @Override
            public int column(int at) {
                return line.columnAt(offset + at);
            }
        };
    }
}
