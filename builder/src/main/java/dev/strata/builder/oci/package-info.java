/**
 * The OCI image spec in Jackson records, image assembly into the store, reading base images
 * from OCI layouts, tags in the store's index.json, and the oci/docker archive outputs.
 */
package dev.strata.builder.oci;
