/** File attributes read the way a walk of thousands of files can afford: {@link dev.strata.builder.fs.UnixStat}. */
package dev.strata.builder.fs;
