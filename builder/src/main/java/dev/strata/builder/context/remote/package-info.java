/**
 * Build contexts that are not a local directory: a git repository, a tarball or Dockerfile at an
 * http(s) URL, a tar on standard input. Each is made into a temporary directory first (cloned,
 * downloaded, extracted with bounds on size and time), then read like any other context.
 */
package dev.strata.builder.context.remote;
