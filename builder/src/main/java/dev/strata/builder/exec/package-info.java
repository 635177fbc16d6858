/**
 * RUN steps: run a command in an isolated root filesystem made of extracted layers and capture
 * exactly what it changed. {@link dev.strata.builder.exec.RunExecutor} stacks the layers with
 * overlayfs (the fresh upper directory is the step's diff), runs the command with an OCI runtime
 * (runc, or crun where it works) or with {@code unshare} + {@code chroot}, and turns the upper
 * directory into layer entries. RUN {@code --mount} (cache, secret, bind, tmpfs) and
 * {@code --network} are handled here; the engine decides what runs and caches the result.
 *
 * <p>How the engine drives one RUN (one {@code RunExecutor} and one {@code LayerStore} per build,
 * on the same store root so diff directories can be adopted as layers):
 * <pre>{@code
 * LayerStore layers = new LayerStore(storeRoot);
 * try (RunExecutor executor = new RunExecutor(ExecOptions.of(storeRoot))) {
 *     List<Path> lowers = ...; // top layer first: layers.extract(blob, diffIdHex, notes) per layer
 *     RunRequest request = RunRequest.of(argv, env, workdir, user)
 *             .withNetwork(Network.parse("none"))
 *             .withMounts(List.of(MountSpec.parse("type=cache,target=/root/.cache")), sources);
 *     try (RunOutcome run = executor.run(lowers, request, line -> emit(line))) {
 *         Optional<Layer> layer = layerWriter.write(run.changes()); // empty: the step changed nothing
 *         if (layer.isPresent()) {
 *             lowers.add(0, run.adopt(layers, layer.get().diffId().hex())); // next step's top layer
 *         }
 *     } // RunFailedException: "RUN exited with code N" + lastLines(); nothing is left behind
 * }
 * }</pre>
 */
package dev.strata.builder.exec;
