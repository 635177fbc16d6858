/** Facts read from a git checkout's {@code .git} without running git (the last commit's time). */
package dev.strata.builder.git;
