package dev.strata.builder.engine;

import dev.strata.builder.api.Compression;

/** Maps the API's compression choice to the layer package's. */
final class LayerCompression {
    private LayerCompression() {}

    static dev.strata.builder.layer.Compression of(Compression c) {
        return switch (c) {
            case GZIP -> dev.strata.builder.layer.Compression.GZIP;
            case ZSTD -> dev.strata.builder.layer.Compression.ZSTD;
        };
    }
}
