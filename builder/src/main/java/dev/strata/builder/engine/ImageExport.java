package dev.strata.builder.engine;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildResult;
import dev.strata.builder.api.OutputSpec;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.oci.ImageAssembler;
import dev.strata.builder.oci.ImageConfig;
import dev.strata.builder.oci.IndexAssembler;
import dev.strata.builder.oci.ManifestFormat;
import dev.strata.builder.oci.OciLayoutWriter;
import dev.strata.builder.oci.StoredImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/** The last step of a build: assemble the target image in the store, name it, write the outputs. */
final class ImageExport {
    private final BuildSession session;

    ImageExport(BuildSession session) {
        this.session = session;
    }

    BuildResult export(StageResult result) throws IOException {
        int n = session.nextStepNumber();
        long t0 = System.nanoTime();
        session.emit(new BuildEvent.StepStarted(n, "", 0, 0, "exporting to image"));
        StoredImage image = assemble(result);
        session.emit(new BuildEvent.LogLine(n, "writing image " + image.configDigest() + " done"));
        return publish(image, n, t0, Map.of("", layersOf(result)));
    }

    /**
     * Exports a multi-platform build: each platform's image, then one index listing them in the
     * order of {@code --platform}; the index is what is named, written and pushed.
     */
    BuildResult exportIndex(List<StageResult> results) throws IOException {
        int n = session.nextStepNumber();
        long t0 = System.nanoTime();
        session.emit(new BuildEvent.StepStarted(n, "", 0, 0, "exporting to image"));
        IndexAssembler.Entries entries = new IndexAssembler.Entries();
        Map<String, List<Layer>> files = new java.util.LinkedHashMap<>();
        for (StageResult result : results) {
            files.put(result.state().platform().replace('/', '_'), layersOf(result));
            StoredImage image = assemble(result);
            session.emit(new BuildEvent.LogLine(n, "exporting manifest " + image.manifest().digest() + " done"));
            session.emit(new BuildEvent.LogLine(n, "exporting config " + image.configDigest() + " done"));
            entries.image(image);
        }
        StoredImage index;
        try {
            index = new IndexAssembler(session.store()).assemble(entries, format(), Map.of());
        } catch (IllegalArgumentException e) {
            throw new dev.strata.builder.api.BuildException(e.getMessage(), e);
        }
        session.emit(new BuildEvent.LogLine(n, "exporting manifest list " + index.manifest().digest() + " done"));
        return publish(index, n, t0, files);
    }

    private ManifestFormat format() {
        return session.request().format() == dev.strata.builder.api.ImageFormat.DOCKER ? ManifestFormat.DOCKER : ManifestFormat.OCI;
    }

    private static List<Layer> layersOf(StageResult result) {
        try {
            return result.layers();
        } catch (CompletionException e) {
            throw BuildSession.unwrap(e);
        }
    }

    /** Stores one stage's image: config and manifest over its layers. */
    private StoredImage assemble(StageResult result) throws IOException {
        List<Layer> layers = layersOf(result);
        ImageConfig config = ImageConfigs.build(result, layers, session.request().labels(),
                ImageConfig.formatTime(session.created()));
        try {
            return new ImageAssembler(session.store()).assemble(config, layers, format(), Map.of());
        } catch (IllegalArgumentException e) {
            throw new dev.strata.builder.api.BuildException(e.getMessage(), e);
        }
    }

    /**
     * Names the stored image (or index), writes the outputs, pushes, exports the caches. {@code files}:
     * the layers of each platform's image by the directory {@code -o type=local/tar} puts it in
     * ({@code linux_amd64}, as buildx splits them; one entry {@code ""} for a single platform).
     */
    private BuildResult publish(StoredImage image, int n, long t0, Map<String, List<Layer>> files) throws IOException {
        List<String> names = new ArrayList<>();
        for (String tag : session.request().tags()) {
            String name = ImageNames.storeName(tag);
            OciLayoutWriter.tag(session.store(), name, image.manifest());
            names.add(name);
            session.emit(new BuildEvent.LogLine(n, "naming to " + name + " done"));
        }
        Outputs outputs = new Outputs(session, image, files);
        for (OutputSpec output : session.request().outputs()) {
            outputs.write(output, names, n);
            session.emit(new BuildEvent.LogLine(n, "exporting to " + describe(output) + " done"));
        }
        if (session.request().push() && session.request().outputs().stream().noneMatch(OutputSpec::pushes)) {
            dev.strata.builder.registry.PushResult pushed = session.push(image, names, n);
            for (String name : names) {
                session.emit(new BuildEvent.LogLine(n, "pushing manifest for " + name + "@" + pushed.digest() + " done"));
            }
        }
        for (String cache : session.exportCaches()) {
            session.emit(new BuildEvent.LogLine(n, "exporting cache to " + cache + " done"));
        }
        outputs.flushStdout();
        session.emit(new BuildEvent.StepDone(n, (System.nanoTime() - t0) / 1e9));
        return new BuildResult(image.configDigest().toString(), image.manifest().digest().toString(), names);
    }

    private static String describe(OutputSpec output) {
        String type = output.type().name().toLowerCase(java.util.Locale.ROOT);
        if (output.toStdout()) {
            return type + " on standard output";
        }
        return output.dest().map(d -> type + " " + d).orElse(type);
    }
}
