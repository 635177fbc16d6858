package dev.strata.dockerfile.parse;

import dev.strata.dockerfile.shell.ShellExpansionException;
import dev.strata.dockerfile.shell.ShellLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the heredoc markers ({@code <<EOF}, {@code <<-EOF}, {@code 3<<"EOF"}) of a RUN, COPY or ADD
 * line, as BuildKit does: the line is split into shell words with quotes and escapes kept, so a
 * quoted {@code "<<EOF"} is not a marker; a delimiter with any quoted part turns expansion off.
 */
final class HeredocMarkers {
    private static final Pattern MARKER = Pattern.compile("^(\\d*)<<(-?)([^<]*)$");
    private static final ShellLexer WORDS =
            new ShellLexer('\\').withRawQuotes(true).withRawEscapes(true).withKeepUnset(true);
    private static final ShellLexer NAME = new ShellLexer('\\').withKeepUnset(true);
    private static final ShellLexer NAME_RAW = NAME.withRawQuotes(true);

    private HeredocMarkers() {
    }

    /** A marker: the delimiter, whether the body is expanded, {@code <<-}, the file descriptor. */
    record Marker(String name, boolean expand, boolean chomp, int fileDescriptor) {
    }

    static List<Marker> find(String line) {
        List<Marker> markers = new ArrayList<>();
        if (!line.contains("<<")) {
            return markers;
        }
        List<String> words;
        try {
            words = WORDS.processWords(line, Map.of());
        } catch (ShellExpansionException e) {
            return markers;
        }
        for (String word : words) {
            Matcher m = MARKER.matcher(word);
            if (m.matches() && !m.group(3).isEmpty()) {
                Marker marker = marker(m);
                if (marker != null) {
                    markers.add(marker);
                }
            }
        }
        return markers;
    }

    private static Marker marker(Matcher m) {
        String rest = m.group(3);
        List<String> words;
        List<String> raw;
        try {
            words = NAME.processWords(rest, Map.of());
            raw = NAME_RAW.processWords(rest, Map.of());
        } catch (ShellExpansionException e) {
            return null;
        }
        if (words.size() != 1 || raw.size() != 1) {
            return null;
        }
        boolean expand = quotes(words.get(0)) == quotes(raw.get(0));
        int fd;
        try {
            fd = m.group(1).isEmpty() ? 0 : Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
        return new Marker(words.get(0), expand, m.group(2).equals("-"), fd);
    }

    private static int quotes(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\'' || s.charAt(i) == '"') {
                n++;
            }
        }
        return n;
    }
}
