package dev.strata.builder.api;

import java.util.List;
import java.util.Objects;

/**
 * An image with its documents as stored: {@code manifestJson} and {@code configJson} are the exact
 * blob contents; {@code names} are every name pointing at the same manifest.
 */
public record ImageDetails(ImageSummary summary, List<String> names, String manifestJson, String configJson) {
    public ImageDetails {
        Objects.requireNonNull(summary, "summary");
        names = List.copyOf(names);
        Objects.requireNonNull(manifestJson, "manifestJson");
        Objects.requireNonNull(configJson, "configJson");
    }
}
