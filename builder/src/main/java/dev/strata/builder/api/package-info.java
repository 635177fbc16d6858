/** The builder's public API: what the CLI and the Maven plugin call. */
package dev.strata.builder.api;
