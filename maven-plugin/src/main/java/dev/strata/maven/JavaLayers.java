package dev.strata.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The project laid out in Jib's layers, one folder each: {@code libs/}, {@code snapshot-libs/},
 * {@code resources/} (everything in {@code target/classes} but class files) and {@code classes/}.
 * A file is copied only when its content differs from what the folder holds, every file and
 * folder gets the same time, and files no longer in the project are removed: an unchanged folder
 * stays byte-for-byte the same, so its COPY step stays cached. Not thread-safe.
 */
final class JavaLayers {
    static final List<String> FOLDERS = List.of("libs", "snapshot-libs", "resources", "classes");

    /** A resolved runtime dependency. */
    record Dependency(String groupId, String artifactId, String baseVersion, String version, Optional<String> classifier,
            String type, String scope, boolean snapshot, Path file, Optional<String> parent) {
        /** The file name in the image: Jib's {@code artifactId-version[-classifier].jar}. */
        String fileName() {
            String extension = file.getFileName().toString().replaceFirst("^.*?(\\.[^.]*)?$", "$1");
            return artifactId + "-" + version + classifier.map(c -> "-" + c).orElse("") + extension;
        }
    }

    /** How many files each folder holds, and how many this run wrote. */
    record Summary(int libs, int snapshotLibs, int resources, int classes, int rewritten) {}

    private final Path output;
    private final FileTime time;
    private int rewritten;

    JavaLayers(Path output, Instant time) {
        this.output = output;
        this.time = FileTime.from(time);
    }

    Summary write(List<Dependency> dependencies, Path classesDirectory) throws IOException {
        Map<String, Map<String, Path>> wanted = new HashMap<>();
        FOLDERS.forEach(f -> wanted.put(f, new HashMap<>()));
        Set<String> names = new HashSet<>();
        List<String> duplicates = dependencies.stream().map(Dependency::fileName).filter(n -> !names.add(n)).toList();
        for (Dependency d : dependencies) {
            // two artifacts with one file name (same artifactId in two groups): the group tells them apart, as in Jib
            String name = duplicates.contains(d.fileName()) ? d.groupId() + "-" + d.fileName() : d.fileName();
            wanted.get(d.snapshot() ? "snapshot-libs" : "libs").put(name, d.file());
        }
        if (Files.isDirectory(classesDirectory)) {
            try (Stream<Path> files = Files.walk(classesDirectory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        String relative = classesDirectory.relativize(file).toString();
                        wanted.get(relative.endsWith(".class") ? "classes" : "resources").put(relative, file);
                    }
                }
            }
        }
        for (String folder : FOLDERS) {
            sync(output.resolve(folder), wanted.get(folder));
        }
        return new Summary(wanted.get("libs").size(), wanted.get("snapshot-libs").size(), wanted.get("resources").size(),
                wanted.get("classes").size(), rewritten);
    }

    /** Makes {@code folder} hold exactly {@code files} (relative name to source), with this layout's time. */
    private void sync(Path folder, Map<String, Path> files) throws IOException {
        Files.createDirectories(folder);
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> existing = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) existing::iterator) {
                if (!path.equals(folder) && !files.containsKey(folder.relativize(path).toString())
                        && !isParentOfWanted(folder.relativize(path).toString(), files)) {
                    stale.add(path);
                }
            }
        }
        stale.sort((a, b) -> b.getNameCount() - a.getNameCount());
        for (Path path : stale) {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(path);
            } else {
                Files.deleteIfExists(path);
            }
        }
        for (Map.Entry<String, Path> file : files.entrySet()) {
            Path target = folder.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            if (!sameContent(file.getValue(), target)) {
                Path temp = Files.createTempFile(target.getParent(), ".strata-", ".tmp");
                Files.copy(file.getValue(), temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                rewritten++;
            }
            Files.setLastModifiedTime(target, time);
        }
        // directories last: creating their entries changed their times
        try (Stream<Path> dirs = Files.walk(folder)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                Files.setLastModifiedTime(dir, time);
            }
        }
    }

    private static boolean isParentOfWanted(String relative, Map<String, Path> files) {
        String prefix = relative + "/";
        return files.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    private static boolean sameContent(Path source, Path target) throws IOException {
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || Files.size(source) != Files.size(target)) {
            return false;
        }
        try (InputStream a = Files.newInputStream(source); InputStream b = Files.newInputStream(target)) {
            byte[] x = new byte[65536];
            byte[] y = new byte[65536];
            while (true) {
                int n = a.readNBytes(x, 0, x.length);
                int m = b.readNBytes(y, 0, y.length);
                if (n != m || !Arrays.equals(x, 0, n, y, 0, m)) {
                    return false;
                }
                if (n == 0) {
                    return true;
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
