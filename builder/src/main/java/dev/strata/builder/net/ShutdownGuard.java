package dev.strata.builder.net;

/**
 * Runs a clean-up if the JVM stops (Ctrl-C, SIGTERM) while a transfer is under way, so an
 * interrupted download leaves no partial file behind; closing the guard (the transfer ended, well
 * or badly, and cleaned up itself) withdraws it. Use with try-with-resources.
 */
public final class ShutdownGuard implements AutoCloseable {
    private final Thread hook;

    private ShutdownGuard(Thread hook) {
        this.hook = hook;
    }

    /** Registers {@code cleanup} to run at JVM shutdown until the guard is closed. */
    public static ShutdownGuard of(String name, Runnable cleanup) {
        Thread hook = new Thread(cleanup, "strata-cleanup-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        return new ShutdownGuard(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }
}
