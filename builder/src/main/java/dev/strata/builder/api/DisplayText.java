package dev.strata.builder.api;

import dev.strata.builder.text.OutsideText;
import dev.strata.builder.text.Urls;

/**
 * Makes text from outside safe to print, for front ends: terminal escapes and other control
 * characters removed, URL credentials redacted ({@code http://xxxxx:xxxxx@host/x}, as BuildKit).
 * Build events and {@link BuildException} messages are already clean; this is for everything else
 * a front end prints (an exception's message, a value read from a store).
 */
public final class DisplayText {
    private DisplayText() {}

    /** {@code text} on one line, controls removed, URL credentials redacted. */
    public static String oneLine(String text) {
        return OutsideText.oneLine(Urls.redactAll(text));
    }
}
