package dev.strata.dockerfile.parse;

import java.util.ArrayList;
import java.util.List;

/** BuildKit's two ways of cutting an instruction's text into raw words. */
final class Words {
    private Words() {
    }

    /** Splits on runs of {@code [\t\v\f\r ]} (FROM, EXPOSE, ADD/COPY/VOLUME outside JSON). */
    static List<String> whitespace(String text) {
        List<String> words = new ArrayList<>();
        if (text.isEmpty()) {
            return words;
        }
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            if (Blanks.isSeparator(text.charAt(i))) {
                words.add(text.substring(start, i));
                while (i < text.length() && Blanks.isSeparator(text.charAt(i))) {
                    i++;
                }
                start = i;
            } else {
                i++;
            }
        }
        words.add(text.substring(start));
        return words;
    }

    /**
     * BuildKit's {@code parseWords} (ARG, ENV, LABEL): whitespace separates words except inside
     * quotes; quotes stay in the word; outside single quotes the escape character and the character
     * after it both stay; an escape character at the very end is dropped; {@code ""} is a word.
     */
    static List<String> quoted(String text, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean blankOk = false;
        char quote = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (!inWord) {
                if (Blanks.isSpace(c)) {
                    continue;
                }
                inWord = true;
            }
            if (quote == 0) {
                if (Blanks.isSpace(c)) {
                    if (blankOk || word.length() > 0) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    inWord = false;
                    continue;
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                    blankOk = true;
                } else if (c == escape) {
                    if (i + 1 == n) {
                        continue;
                    }
                    word.append(c);
                    c = text.charAt(++i);
                }
                word.append(c);
            } else {
                if (c == quote) {
                    quote = 0;
                } else if (c == escape && quote != '\'') {
                    if (i + 1 == n) {
                        continue;
                    }
                    word.append(c);
                    c = text.charAt(++i);
                }
                word.append(c);
            }
        }
        if (inWord && (blankOk || word.length() > 0)) {
            words.add(word.toString());
        }
        return words;
    }
}
