package dev.strata.builder.engine;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.OutputSpec;
import dev.strata.builder.export.FilesystemExport;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.oci.DockerArchiveExporter;
import dev.strata.builder.oci.OciExporter;
import dev.strata.builder.oci.OciLayoutWriter;
import dev.strata.builder.oci.StoredImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code -o} outputs of the stored image, each to a temp path, then renamed. Outputs for
 * standard output ({@code dest=-}) are written to a temp file first and streamed only by
 * {@link #flushStdout}, after every other output succeeded: a failed build writes nothing there.
 * Not thread-safe.
 */
final class Outputs {
    private final BuildSession session;
    private final StoredImage image;
    private final Map<String, List<Layer>> files;
    private final OciExporter.IndexAnnotations annotations;
    private final Map<Path, OutputStream> stdout = new LinkedHashMap<>();

    /**
     * {@code files}: each platform's layers by its directory in a local or tar output ({@code ""}: one
     * platform, no directory); {@code annotations}: what OCI outputs' index.json carries.
     */
    Outputs(BuildSession session, StoredImage image, Map<String, List<Layer>> files, OciExporter.IndexAnnotations annotations) {
        this.session = session;
        this.annotations = annotations;
        this.image = image;
        this.files = Map.copyOf(files);
    }

    void write(OutputSpec output, List<String> tags, int step) throws IOException {
        List<String> names = output.names().isEmpty() ? tags : output.names().stream().map(ImageNames::storeName).toList();
        Path dest = output.dest().orElse(null);
        if (output.toStdout()) {
            if (output.stream().isEmpty()) {
                throw new BuildException("output " + output.type().name().toLowerCase(java.util.Locale.ROOT)
                        + ",dest=- needs standard output, which this front end does not give");
            }
            dest = session.tempDir().resolve("stdout-" + stdout.size() + ".tar");
            stdout.put(dest, output.stream().get());
        }
        switch (output.type()) {
            case OCI -> {
                if (output.tar()) {
                    OciExporter.writeArchive(session.store(), image.manifest(), names, dest, annotations);
                } else {
                    OciExporter.writeLayout(session.store(), image.manifest(), names, dest, annotations);
                }
            }
            case DOCKER -> DockerArchiveExporter.write(session.store(), image.manifest(), names, dest);
            case TAR -> FilesystemExport.writeTarFile(blobs(), dest);
            case LOCAL -> {
                for (Map.Entry<String, List<Path>> platform : blobs().entrySet()) {
                    FilesystemExport.writeDirectory(platform.getValue(), platform.getKey().isEmpty() ? dest : dest.resolve(platform.getKey()),
                            w -> session.emit(new BuildEvent.Warning("", 0, w)));
                }
            }
            case IMAGE -> {
                for (String name : names) {
                    OciLayoutWriter.tag(session.store(), name, image.manifest());
                }
                if (output.push()) {
                    push(names, step);
                }
            }
            case REGISTRY -> push(names, step);
        }
    }

    private void push(List<String> names, int step) {
        if (names.isEmpty()) {
            throw new BuildException("nothing to push: give the image a name with -t or name=");
        }
        dev.strata.builder.registry.PushResult pushed = session.push(image, names, step);
        for (String name : names) {
            session.emit(new BuildEvent.LogLine(step, "pushing manifest for " + name + "@" + pushed.digest() + " done"));
        }
    }

    /** Streams the standard output archives, in order, once every output was written. */
    void flushStdout() throws IOException {
        for (Map.Entry<Path, OutputStream> e : stdout.entrySet()) {
            try (InputStream in = Files.newInputStream(e.getKey())) {
                in.transferTo(e.getValue());
            }
            e.getValue().flush();
            Files.deleteIfExists(e.getKey());
        }
    }

    /** Each platform's layer blobs, by directory, sorted. */
    private Map<String, List<Path>> blobs() {
        Map<String, List<Path>> byPlatform = new java.util.TreeMap<>();
        for (Map.Entry<String, List<Layer>> platform : files.entrySet()) {
            List<Path> paths = new ArrayList<>();
            for (Layer layer : platform.getValue()) {
                paths.add(session.store().path(layer.digest()));
            }
            byPlatform.put(platform.getKey(), paths);
        }
        return byPlatform;
    }
}
