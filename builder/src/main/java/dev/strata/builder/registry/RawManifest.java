package dev.strata.builder.registry;

import dev.strata.builder.hash.Digest;

/** A manifest or index exactly as the registry served it. */
record RawManifest(byte[] bytes, Digest digest, String mediaType) {
}
