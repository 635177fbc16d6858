package dev.strata.builder.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.BuildResult;
import dev.strata.builder.api.Builder;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Runs builds through the public API and looks at the results with real tools. */
final class TestBuild {
    final List<BuildEvent> events = Collections.synchronizedList(new ArrayList<>());
    BuildResult result;

    static TestBuild run(Path context, Path root, Consumer<BuildRequest.Builder> options) {
        TestBuild t = new TestBuild();
        BuildRequest.Builder b = BuildRequest.builder(context).root(root).listener(t.events::add);
        options.accept(b);
        t.result = Builder.create().build(b.build());
        return t;
    }

    static Path write(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    /** The plain progress lines of the steps, as {@code #n [..] text} / {@code #n CACHED} / {@code #n DONE}. */
    List<String> stepLines() {
        List<String> lines = new ArrayList<>();
        java.util.Set<Integer> internal = new java.util.HashSet<>();
        synchronized (events) {
            for (BuildEvent e : events) {
                if (e instanceof BuildEvent.StepStarted s && s.total() == 0) {
                    internal.add(s.step());
                } else if (e instanceof BuildEvent.StepStarted s) {
                    lines.add("#" + s.step() + " [" + (s.stage().isEmpty() ? "" : s.stage() + " ") + s.index() + "/" + s.total() + "] " + s.text());
                } else if (e instanceof BuildEvent.StepCached c) {
                    lines.add("#" + c.step() + " CACHED");
                } else if (e instanceof BuildEvent.StepDone d && !internal.contains(d.step())) {
                    lines.add("#" + d.step() + " DONE");
                }
            }
        }
        return lines;
    }

    List<String> warnings() {
        List<String> out = new ArrayList<>();
        synchronized (events) {
            events.stream().filter(e -> e instanceof BuildEvent.Warning).forEach(e -> out.add(((BuildEvent.Warning) e).text()));
        }
        return out;
    }

    /** {@code skopeo inspect --config oci:ROOT:NAME}. */
    static JsonNode config(Path root, String name) throws IOException {
        Path skopeo = Tools.require("skopeo");
        return new ObjectMapper().readTree(Command.ok(skopeo.toString(), "inspect", "--config", "oci:" + root + ":" + name));
    }

    /** The config blob exactly as stored (skopeo's view drops Docker fields such as OnBuild). */
    static JsonNode rawConfig(Path root, String name) throws IOException {
        String digest = manifest(root, name).get("config").get("digest").asText();
        return new ObjectMapper().readTree(root.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())).toFile());
    }

    /** {@code skopeo inspect --raw oci:ROOT:NAME}: the manifest. */
    static JsonNode manifest(Path root, String name) throws IOException {
        Path skopeo = Tools.require("skopeo");
        return new ObjectMapper().readTree(Command.ok(skopeo.toString(), "inspect", "--raw", "oci:" + root + ":" + name));
    }

    /** {@code umoci unpack} of the image into {@code bundle}; returns the rootfs. */
    static Path unpack(Path layout, String name, Path bundle) {
        Path umoci = Tools.require("umoci");
        Command.ok(umoci.toString(), "unpack", "--image", layout + ":" + name, bundle.toString());
        return bundle.resolve("rootfs");
    }

    /** The entry names of the image's top layer blob. */
    static List<String> lastLayerNames(Path root, String name) throws IOException {
        return lastLayerEntries(root, name).stream().map(TarArchiveEntry::getName).toList();
    }

    /** The entries (headers only) of the image's top layer blob. */
    static List<TarArchiveEntry> lastLayerEntries(Path root, String name) throws IOException {
        var layers = TestBuild.manifest(root, name).get("layers");
        String digest = layers.get(layers.size() - 1).get("digest").asText();
        byte[] blob = Files.readAllBytes(root.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())));
        List<TarArchiveEntry> entries = new ArrayList<>();
        boolean gzip = blob.length > 1 && blob[0] == (byte) 0x1f && blob[1] == (byte) 0x8b; // the store keeps tar unless exported
        try (InputStream in = gzip ? new GZIPInputStream(new java.io.ByteArrayInputStream(blob)) : new java.io.ByteArrayInputStream(blob);
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                entries.add(e);
            }
        }
        return entries;
    }
}
