package dev.strata.builder.api;

/** Receives {@link BuildEvent}s; called from several threads when stages run in parallel. */
@FunctionalInterface
public interface BuildListener {
    BuildListener NONE = event -> {};

    void onEvent(BuildEvent event);
}
