/** Reproducible tar writing (commons-compress underneath, PAX headers of our own). */
package dev.strata.builder.tar;
