package dev.strata.builder.api;

/**
 * What {@link ImageStore#prune} removed: blobs, step-cache entries and extracted layer
 * directories, and the bytes that freed (blob sizes plus the files of the removed layer
 * directories).
 */
public record PruneResult(int blobs, int cacheEntries, int layerDirectories, long freedBytes) {}
