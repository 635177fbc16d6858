package dev.strata.builder.context.fetch;

import java.nio.file.Path;

/** Downloads one URL in a JVM of its own, so a test can stop that JVM (Ctrl-C) mid-download. */
public final class FetchMain {
    private FetchMain() {}

    public static void main(String[] args) throws Exception {
        new UrlFetcher().fetch(args[0], Path.of(args[1]));
    }
}
