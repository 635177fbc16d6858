package dev.strata.builder.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutsideTextTest {

    /** Escapes written as {@code <ESC>}, {@code <CSI8>} etc. in the table, so the table stays readable. */
    private static String decode(String s) {
        return s.replace("<ESC>", "\u001b").replace("<BEL>", "\u0007").replace("<CR>", "\r").replace("<LF>", "\n")
                .replace("<TAB>", "\t").replace("<CSI8>", "\u009b").replace("<NUL>", "\0").replace("<DEL>", "\u007f")
                .replace("<RLO>", "\u202e").replace("<OSC8>", "\u009d");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "<ESC>[2J<ESC>[Hbuild succeeded                 | build succeeded",
        "manifest unknown<CR><LF>#9 DONE 0.1s           | manifest unknown  #9 DONE 0.1s",
        "<ESC>]0;owned title<BEL>text                   | text",
        "<ESC>]8;;http://evil/<ESC>\\link<ESC>]8;;<ESC>\\ | link",
        "a<CSI8>31mred                                  | ared",
        "<OSC8>title<BEL>b                              | b",
        "nul<NUL>del<DEL>                               | nuldel",
        "keep<TAB>tab                                   | keep<TAB>tab",
        "<RLO>txt.exe                                   | txt.exe",
        "naïve 日本 ok                                   | naïve 日本 ok",
        "<ESC>(Bcharset                                 | charset",
        "trailing escape<ESC>                           | trailing escape",
        "<ESC>[31é                                      | é",
    })
    void oneLineRemovesWhatATerminalWouldActOn(String raw, String expected) {
        assertEquals(decode(expected), OutsideText.oneLine(decode(raw)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "10%<CR>50%<CR>100%               | 100%",
        "done<CR>                         | done",
        "<ESC>[32mgreen<ESC>[0m           | green",
        "<ESC>[1A<ESC>[2Kfake line        | fake line",
    })
    void outputLineShowsWhatTheTerminalWouldLeave(String raw, String expected) {
        assertEquals(decode(expected), OutsideText.outputLine(decode(raw)));
    }

    @org.junit.jupiter.api.Test
    void longTextIsCut() {
        assertEquals("abcd\u2026", OutsideText.oneLine("abcdefgh", 5));
        assertEquals("abc", OutsideText.oneLine("abc", 5));
    }
}
