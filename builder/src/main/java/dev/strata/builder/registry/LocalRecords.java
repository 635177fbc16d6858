package dev.strata.builder.registry;

import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What Strata remembers about registries, in the store under {@code registry/}:
 * <ul>
 *   <li>{@code refs/<registry>/<repository>/_tags/<tag>}: the digest a tag pointed to when last
 *       pulled or pushed, so {@code --pull=missing} works offline;</li>
 *   <li>{@code sources/<algorithm>/<hex>}: the repositories ({@code registry/repository}, one a
 *       line) known to hold a blob, so a push can mount it instead of uploading it.</li>
 * </ul>
 * Every write is a temp file and an atomic rename; a lost race loses a hint, never corrupts.
 */
final class LocalRecords {
    private static final int MAX_SOURCES = 16;

    private final BlobStore store;
    private final Path base;

    LocalRecords(BlobStore store) {
        this.store = store;
        this.base = store.root().resolve("registry");
    }

    private Path tagFile(ImageReference reference) {
        return base.resolve("refs").resolve(reference.registry()).resolve(reference.repository()).resolve("_tags").resolve(reference.tag());
    }

    Optional<Digest> tag(ImageReference reference) throws IOException {
        try {
            return Optional.of(Digest.parse(Files.readString(tagFile(reference), StandardCharsets.UTF_8).strip()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IllegalArgumentException corrupt) {
            return Optional.empty();
        }
    }

    void recordTag(ImageReference reference, Digest digest) throws IOException {
        write(tagFile(reference), digest + "\n");
    }

    private Path sourcesFile(Digest digest) {
        return base.resolve("sources").resolve(digest.algorithm()).resolve(digest.hex());
    }

    /** Repositories ({@code registry/repository}) known to hold {@code digest}, most recent first. */
    List<String> sources(Digest digest) throws IOException {
        try {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(sourcesFile(digest), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
            return lines;
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    void recordSource(Digest digest, String registry, String repository) throws IOException {
        String entry = registry + "/" + repository;
        List<String> known = sources(digest);
        if (!known.isEmpty() && known.get(0).equals(entry)) {
            return;
        }
        Set<String> updated = new LinkedHashSet<>();
        updated.add(entry);
        updated.addAll(known);
        write(sourcesFile(digest), String.join("\n", updated.stream().limit(MAX_SOURCES).toList()) + "\n");
    }

    private void write(Path target, String content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = store.newTempFile("record");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
