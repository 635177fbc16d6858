/**
 * The local store as a whole: image names and references, prune, load and save, push and pull of
 * stored images. It sits above {@code blob} (content-addressed files, which {@code oci},
 * {@code cache}, {@code layer} and {@code registry} write) and above those packages, so the
 * package graph stays free of cycles. Front ends reach it through {@code api.ImageStore}.
 */
package dev.strata.builder.store;
