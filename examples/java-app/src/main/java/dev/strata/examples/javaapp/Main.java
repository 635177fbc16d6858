package dev.strata.examples.javaapp;

/** Prints a greeting with the image's version (APP_VERSION) and the Java runtime's. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String version = System.getenv().getOrDefault("APP_VERSION", "unknown");
        System.out.println("java-app " + version + " on Java " + Runtime.version());
    }
}
