/** Content digests of source files, with a persistent stat cache so unchanged files are not re-read. */
package dev.strata.builder.context.digest;
