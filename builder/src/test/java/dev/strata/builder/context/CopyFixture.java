package dev.strata.builder.context;

import dev.strata.builder.context.users.UserDatabase;
import dev.strata.builder.layer.LayerEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds contexts on disk and runs COPY/ADD against them, for the tests of this package. */
final class CopyFixture {

    final Path context;
    final Path store;
    UserDatabase users = UserDatabase.empty();
    ImageTree image = ImageTree.empty();

    CopyFixture(Path tmp) throws IOException {
        this.context = Files.createDirectories(tmp.resolve("ctx"));
        this.store = Files.createDirectories(tmp.resolve("store"));
    }

    Path write(String rel, String content) throws IOException {
        Path p = context.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    CopyEnvironment env() {
        return new CopyEnvironment(users, image, store, Instant.EPOCH);
    }

    SourceRoot root() {
        return SourceRoot.of(BuildContext.openWithoutDockerfile(context));
    }

    CopyPlan plan(boolean add, CopyOptions options, String dest, String... sources) {
        return CopySourceResolver.plan(new CopyRequest(add, root(), List.of(sources), List.of(), dest, "/", options), env());
    }

    /** Entries of a plain COPY by path ("dir/", "file", "link -> target", "hard => target"). */
    Map<String, LayerEntry> copy(String dest, String... sources) {
        try (CopyPlan plan = plan(false, CopyOptions.none(), dest, sources)) {
            return byPath(plan.layerEntries());
        }
    }

    static Map<String, LayerEntry> byPath(List<LayerEntry> entries) {
        Map<String, LayerEntry> out = new TreeMap<>();
        for (LayerEntry e : entries) {
            out.put(e.path(), e);
        }
        return out;
    }

    static String content(LayerEntry e) throws IOException {
        try (var in = ((LayerEntry.RegularFile) e).content().open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
