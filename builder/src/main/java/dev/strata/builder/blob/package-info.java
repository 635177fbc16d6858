/** The content-addressed blob store, which is also an OCI image layout on disk. */
package dev.strata.builder.blob;
