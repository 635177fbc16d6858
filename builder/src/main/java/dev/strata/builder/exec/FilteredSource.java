package dev.strata.builder.exec;

import dev.strata.builder.rootfs.TreeCopy;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A bind source directory with some entries hidden (those .dockerignore leaves out of the context),
 * made without copying what stays visible: an overlay layer above the source holding a whiteout for
 * each hidden entry, its directories carrying the source's metadata (overlayfs shows the topmost
 * layer's). Where overlayfs cannot be used, a copy of the visible entries instead.
 */
final class FilteredSource {
    private FilteredSource() {}

    /**
     * Fills the empty directory {@code layer} so that an overlay of it above {@code source} hides
     * {@code hidden}; {@code root} (the overlay's upper directory, whose metadata overlayfs shows
     * for the mount's root) gets the source's metadata.
     */
    static void whiteouts(Path source, List<String> hidden, Path layer, Path root) throws IOException {
        TreeCopy copy = new TreeCopy();
        Set<String> made = new HashSet<>();
        List<String> dirs = new ArrayList<>(List.of(""));
        for (String rel : hidden) {
            int slash = rel.indexOf('/');
            while (slash >= 0) {
                String parent = rel.substring(0, slash);
                if (made.add(parent)) {
                    copy.copy(source.resolve(parent), layer.resolve(parent));
                    dirs.add(parent);
                }
                slash = rel.indexOf('/', slash + 1);
            }
            copy.whiteout(layer.resolve(rel));
        }
        // Making the whiteouts changed the directories' mtimes: give them the source's again, deepest first.
        for (int i = dirs.size() - 1; i >= 0; i--) {
            copy.copy(source.resolve(dirs.get(i)), layer.resolve(dirs.get(i)));
        }
        copy.copy(source, root);
        copy.finish();
    }

    /** Copies {@code source} without {@code hidden} into the empty directory {@code target}. */
    static void copy(Path source, List<String> hidden, Path target) throws IOException {
        Set<Path> skip = new HashSet<>();
        for (String rel : hidden) {
            skip.add(source.resolve(rel));
        }
        TreeCopy copy = new TreeCopy();
        List<Path> dirs = new ArrayList<>();
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (skip.contains(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                copy.copy(dir, target.resolve(source.relativize(dir).toString()));
                dirs.add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!skip.contains(file)) {
                    copy.copy(file, target.resolve(source.relativize(file).toString()));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        copy.finish();
        // Filling the directories changed their mtimes: give them the source's again, deepest first.
        for (int i = dirs.size() - 1; i >= 0; i--) {
            copy.copy(dirs.get(i), target.resolve(source.relativize(dirs.get(i)).toString()));
        }
        copy.finish();
    }
}
