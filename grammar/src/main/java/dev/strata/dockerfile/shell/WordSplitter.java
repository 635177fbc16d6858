package dev.strata.dockerfile.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the fields of one expansion. Whitespace ends a field only when it was neither quoted
 * nor escaped; an empty quoted string ({@code ""}) alone yields no field, as in BuildKit.
 * Not thread-safe.
 */
final class WordSplitter {
    private final List<String> words = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();
    private boolean inWord;

    /** Adds a character that splits the word when it is whitespace. */
    void addChar(int ch) {
        if (!isSpace(ch)) {
            addRawChar(ch);
        } else if (inWord && current.length() > 0) {
            words.add(current.toString());
            current.setLength(0);
            inWord = false;
        }
    }

    /** Adds a quoted or escaped character: never splits. */
    void addRawChar(int ch) {
        current.appendCodePoint(ch);
        inWord = true;
    }

    /** Adds unquoted text, such as the value of an unquoted variable: its whitespace splits. */
    void addString(String text) {
        text.codePoints().forEach(this::addChar);
    }

    /** Adds quoted text: its whitespace stays inside the field. */
    void addRawString(String text) {
        current.append(text);
        inWord = true;
    }

    List<String> words() {
        List<String> result = new ArrayList<>(words);
        if (current.length() > 0) {
            result.add(current.toString());
        }
        return List.copyOf(result);
    }

    /** Go's {@code unicode.IsSpace}: Latin-1 blanks plus the Unicode White_Space separators. */
    static boolean isSpace(int ch) {
        if (ch <= 0xFF) {
            return ch == ' ' || (ch >= '\t' && ch <= '\r') || ch == 0x85 || ch == 0xA0;
        }
        return Character.isSpaceChar(ch);
    }
}
