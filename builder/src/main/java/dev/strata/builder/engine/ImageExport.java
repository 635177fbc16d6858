package dev.strata.builder.engine;

import dev.strata.builder.api.Annotation;
import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildResult;
import dev.strata.builder.api.OutputSpec;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.oci.CompressedImages;
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
        if (session.request().attestations().any()) {
            image = dev.strata.builder.attestation.AttestedIndex.write(session.store(), image,
                    new AttestationExport(session).attach(image, layersOf(result)),
                    annotations(Annotation.Place.INDEX, null), annotations(Annotation.Place.MANIFEST_DESCRIPTOR, result.state().platform()));
        }
        return publish(image, n, t0, Map.of("", layersOf(result)), List.of(result.state().cacheKey));
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
            Map<String, String> descriptorAnnotations = annotations(Annotation.Place.MANIFEST_DESCRIPTOR, result.state().platform());
            if (descriptorAnnotations.isEmpty()) {
                entries.image(image);
            } else {
                entries.add(dev.strata.builder.oci.Descriptor.of(image.manifest().mediaType(), image.manifest().digest(),
                        image.manifest().size()).withPlatform(image.manifest().platform()).withAnnotations(descriptorAnnotations));
            }
            if (session.request().attestations().any()) {
                entries.add(new AttestationExport(session).attach(image, layersOf(result)));
            }
        }
        StoredImage index;
        try {
            index = new IndexAssembler(session.store()).assemble(entries, format(), annotations(Annotation.Place.INDEX, null));
        } catch (IllegalArgumentException e) {
            throw new dev.strata.builder.api.BuildException(e.getMessage(), e);
        }
        session.emit(new BuildEvent.LogLine(n, "exporting manifest list " + index.manifest().digest() + " done"));
        return publish(index, n, t0, files, results.stream().map(r -> r.state().cacheKey).toList());
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
        Map<String, String> manifestAnnotations = annotations(Annotation.Place.MANIFEST, result.state().platform());
        if (format() == ManifestFormat.DOCKER && session.compressor().compression().dockerMediaType() == null) {
            throw new dev.strata.builder.api.BuildException("--compression " + session.request().compression().name().toLowerCase(java.util.Locale.ROOT)
                    + ": layers would be zstd-compressed, which a Docker v2s2 manifest cannot describe; use the OCI format");
        }
        if (format() == ManifestFormat.DOCKER && !manifestAnnotations.isEmpty()) {
            throw new dev.strata.builder.api.BuildException("--annotation for the manifest needs an OCI manifest: a Docker v2s2 manifest"
                    + " has no annotations (drop --format docker)");
        }
        try {
            return new ImageAssembler(session.store()).assemble(config, layers, format(), manifestAnnotations);
        } catch (IllegalArgumentException e) {
            throw new dev.strata.builder.api.BuildException(e.getMessage(), e);
        }
    }

    /**
     * Names the stored image (or index), writes the outputs, pushes, exports the caches. {@code files}:
     * the layers of each platform's image by the directory {@code -o type=local/tar} puts it in
     * ({@code linux_amd64}, as buildx splits them; one entry {@code ""} for a single platform);
     * {@code finalKeys}: each platform's last step key ({@code --cache-to mode=min}). The store keeps
     * layers as tar; an image that is pushed or exported as OCI gets them compressed, and the store
     * names that form, so the store, the export and the registry agree on the digest. A build that
     * stays in the store names the compressed form too once one exists.
     */
    private BuildResult publish(StoredImage stored, int n, long t0, Map<String, List<Layer>> files, List<String> finalKeys)
            throws IOException {
        StoredImage image;
        try {
            image = session.leavesStore() ? CompressedImages.of(session.store(), stored, session.compressor())
                    : CompressedImages.ifCompressedBefore(session.store(), stored, session.compressor());
        } catch (IllegalArgumentException e) {
            throw new dev.strata.builder.api.BuildException(e.getMessage(), e);
        }
        List<String> names = new ArrayList<>();
        for (String tag : session.request().tags()) {
            String name = ImageNames.storeName(tag);
            OciLayoutWriter.tag(session.store(), name, image.manifest());
            names.add(name);
            session.emit(new BuildEvent.LogLine(n, "naming to " + name + " done"));
        }
        boolean multi = files.size() > 1 || !files.containsKey("");
        // with attestations a single-platform image is an index too: its index annotations are in it already
        boolean indexed = multi || dev.strata.builder.oci.MediaTypes.isIndex(stored.manifest().mediaType());
        warnUnplacedAnnotations(indexed);
        Outputs outputs = new Outputs(session, image, files, indexed
                ? new dev.strata.builder.oci.OciExporter.IndexAnnotations(Map.of(), annotations(Annotation.Place.INDEX_DESCRIPTOR, null))
                : new dev.strata.builder.oci.OciExporter.IndexAnnotations(annotations(Annotation.Place.INDEX, null),
                        annotations(Annotation.Place.MANIFEST_DESCRIPTOR, null)));
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
        for (String cache : session.exportCaches(finalKeys)) {
            session.emit(new BuildEvent.LogLine(n, "exporting cache to " + cache + " done"));
        }
        outputs.flushStdout();
        session.emit(new BuildEvent.StepDone(n, (System.nanoTime() - t0) / 1e9));
        return new BuildResult(image.configDigest().toString(), image.manifest().digest().toString(), names);
    }

    /**
     * Index annotations of a single-platform build go only into OCI outputs' index.json, as do index
     * descriptor annotations of a multi-platform one: say when there is none.
     */
    private void warnUnplacedAnnotations(boolean multi) {
        boolean ociOutput = session.request().outputs().stream().anyMatch(o -> o.type() == OutputSpec.Type.OCI);
        for (Annotation a : session.request().annotations()) {
            boolean layoutOnly = multi ? a.places().stream().allMatch(p -> p == Annotation.Place.INDEX_DESCRIPTOR)
                    : a.places().stream().allMatch(p -> p == Annotation.Place.INDEX || p == Annotation.Place.MANIFEST_DESCRIPTOR);
            if ((!multi && a.at(Annotation.Place.INDEX_DESCRIPTOR)) || (layoutOnly && !ociOutput)) {
                session.emit(new BuildEvent.Warning("", 0, "annotation " + a.key() + " not written: "
                        + (multi ? "only an OCI output's index.json (-o type=oci) carries the index's descriptor"
                                : "a single-platform image has no index to carry it but the index.json of an OCI output (-o type=oci)")));
            }
        }
    }

    /**
     * The {@code --annotation}s for {@code place} that apply to {@code platform} (null: those for
     * every platform only); later ones win.
     */
    private Map<String, String> annotations(Annotation.Place place, String platform) {
        Map<String, String> found = new java.util.TreeMap<>();
        String target = platform == null ? null : dev.strata.builder.plan.Platform.parse(platform).toString();
        for (Annotation a : session.request().annotations()) {
            boolean forTarget;
            try {
                forTarget = a.platform().map(p -> dev.strata.builder.plan.Platform.parse(p).toString().equals(target)).orElse(true);
            } catch (IllegalArgumentException e) {
                throw new dev.strata.builder.api.BuildException("--annotation " + a.key() + ": " + e.getMessage(), e);
            }
            if (a.at(place) && forTarget) {
                found.put(a.key(), a.value());
            }
        }
        return found;
    }

    private static String describe(OutputSpec output) {
        String type = output.type().name().toLowerCase(java.util.Locale.ROOT);
        if (output.toStdout()) {
            return type + " on standard output";
        }
        return output.dest().map(d -> type + " " + d).orElse(type);
    }
}
