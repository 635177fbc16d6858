/** The local step cache: canonical JSON cache keys, the key-to-result index, miss explanations. */
package dev.strata.builder.cache;
