/** ADD's local archives: tar, plain or gzip/bzip2/xz/zstd compressed, detected by content, read safely. */
package dev.strata.builder.context.archive;
