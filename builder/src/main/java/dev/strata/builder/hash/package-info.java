/** Content digests ({@code sha256:...}) and streams that hash and count while data flows. */
package dev.strata.builder.hash;
