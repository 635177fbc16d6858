/**
 * The build context and COPY/ADD: which files a source names (globs, .dockerignore, symlinks
 * clamped to the root), what the layer gets (entries with owners and modes) and what the cache
 * key hashes (content digests, not mtimes). Nothing here reads outside the root it was given.
 */
package dev.strata.builder.context;
