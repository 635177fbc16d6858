package dev.strata.builder.registry;

import dev.strata.builder.hash.Digest;

/**
 * What a push did.
 *
 * @param digest the digest of the pushed manifest (or index): what {@code name@digest} pulls
 * @param uploaded blobs uploaded, summed over target repositories
 * @param mounted blobs mounted from another repository of the same registry instead of uploaded
 */
public record PushResult(Digest digest, int uploaded, int mounted) {
}
