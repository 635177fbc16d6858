/**
 * The build context and COPY/ADD: which files a source names (globs, .dockerignore, symlinks
 * clamped to the root), what the layer gets (entries with owners and modes) and what the cache
 * key hashes (content digests, not mtimes). Nothing here reads outside the root it was given.
 *
 * <p>How the engine runs one COPY or ADD (values already expanded):
 * <pre>{@code
 * BuildContext ctx = BuildContext.open(contextDir, dockerfileOrNull);      // once per build
 * SourceRoot root = SourceRoot.of(ctx);                                   // or stage(...), namedDirectory(...)
 * CopyOptions options = CopyOptions.fromFlags(isAdd, expandedFlags);      // rejects unknown flags
 * LayeredImageTree image = ...;                                           // base layers + this build's layers
 * CopyEnvironment env = new CopyEnvironment(image.users(), image, storeRoot, createdTime);
 * try (CopyPlan plan = CopySourceResolver.plan(
 *         new CopyRequest(isAdd, root, sources, heredocs, dest, workdir, options), env)) {
 *     cacheKey.put("sources", plan.sourceDigests().stream().map(SourceDigest::canonical).toList());
 *     if (miss) {
 *         List<LayerEntry> entries = plan.layerEntries();   // write the layer before close()
 *         image.apply(entries);
 *     }
 * }
 * }</pre>
 * Every failure is a {@link dev.strata.builder.context.CopyException} with a one-line message;
 * the engine adds the Dockerfile location.
 */
package dev.strata.builder.context;
