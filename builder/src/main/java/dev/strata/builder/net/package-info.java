/**
 * Guards for bytes that arrive over the network (registry blobs and manifests, ADD URLs): a byte
 * limit (a declared size, a document cap) and a stall timeout, so a peer can neither fill the disk
 * nor hold a build forever. No dependencies on other Strata packages.
 */
package dev.strata.builder.net;
