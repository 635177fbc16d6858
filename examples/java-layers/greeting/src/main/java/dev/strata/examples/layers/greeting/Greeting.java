package dev.strata.examples.layers.greeting;

/** A library in the same reactor: the app gets it as a snapshot dependency. */
public final class Greeting {
    private Greeting() {}

    public static String to(String name) {
        return "Hello, " + name;
    }
}
