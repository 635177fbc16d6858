/**
 * Text that came from outside the user's own input (registry error bodies, HTTP reason phrases,
 * file names from archives and layers, command output, URLs) made safe to show: terminal escapes
 * and other control characters removed, URL credentials redacted. No dependencies on other
 * Strata packages, so every package (and the front ends, through {@code api.DisplayText}) can use it.
 */
package dev.strata.builder.text;
