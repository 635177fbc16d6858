package dev.strata.builder.rootfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies extracted layers (overlay form) onto a plain directory by copying: what overlayfs would
 * show, for hosts where it cannot be mounted. Whiteouts delete, opaque directories are emptied
 * first (both whiteout forms, see {@link Xattrs#isWhiteout}). Slow (it copies every file), so only a fallback. Not thread-safe.
 */
public final class LayerMerger {
    private LayerMerger() {}

    /** Copies the merged view of {@code lowersTopFirst} into the empty directory {@code target}. */
    public static void merge(List<Path> lowersTopFirst, Path target) throws IOException {
        merge(lowersTopFirst, target, w -> {});
    }

    /** As {@link #merge(List, Path)}, telling {@code warnings} about device nodes not made. */
    public static void merge(List<Path> lowersTopFirst, Path target, java.util.function.Consumer<String> warnings)
            throws IOException {
        TreeCopy copy = new TreeCopy(warnings);
        List<Path> bottomFirst = new ArrayList<>(lowersTopFirst);
        java.util.Collections.reverse(bottomFirst);
        for (Path layer : bottomFirst) {
            apply(layer, target, copy);
        }
        copy.finish();
    }

    private static void apply(Path layer, Path target, TreeCopy copy) throws IOException {
        List<Map.Entry<Path, Path>> dirs = new ArrayList<>();
        Files.walkFileTree(layer, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path to = target.resolve(layer.relativize(dir).toString());
                if (!dir.equals(layer) && Xattrs.isOpaque(dir)) {
                    Trees.delete(to);
                }
                copy.copy(dir, to);
                dirs.add(Map.entry(dir, to));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path to = target.resolve(layer.relativize(file).toString());
                if (Xattrs.isWhiteout(file)) {
                    Trees.delete(to);
                } else {
                    copy.copy(file, to);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Path from = dirs.get(i).getKey();
            copy.copyMetadata(Files.readAttributes(from, "unix:*", SafeTree.NOFOLLOW), from, dirs.get(i).getValue());
        }
    }

    static boolean isEmptyDir(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }
}
