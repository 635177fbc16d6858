/** Layer entries (the currency of COPY, ADD and RUN) and writing them as reproducible layer blobs. */
package dev.strata.builder.layer;
