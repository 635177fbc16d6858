package dev.strata.builder.context;

import dev.strata.builder.context.pattern.PathNames;
import dev.strata.builder.context.pattern.PatternMatcher;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A directory COPY reads from: the build context (filtered by .dockerignore; files owned by
 * 0:0 in the image, as BuildKit sends them), another stage's root filesystem or a named context
 * directory. Paths are resolved inside it with {@link RootPath}. Not thread-safe (it memoises
 * visibility).
 */
public final class SourceRoot {

    private final Path root;
    private final PatternMatcher ignore;
    private final boolean keepOwners;
    private final String description;
    private final Map<String, Boolean> visible = new HashMap<>();
    private final ImageTree metadata;

    private SourceRoot(Path root, PatternMatcher ignore, boolean keepOwners, String description, ImageTree metadata) {
        this.root = root;
        this.ignore = Objects.requireNonNull(ignore, "ignore");
        this.keepOwners = keepOwners;
        this.description = description;
        this.metadata = metadata;
    }

    private SourceRoot(Path root, PatternMatcher ignore, boolean keepOwners, String description) {
        this(root, ignore, keepOwners, description, null);
    }

    /** The build context, with its .dockerignore rules; owners become 0:0. */
    public static SourceRoot of(BuildContext context) {
        return new SourceRoot(context.directory(), context.ignore(), false, "the build context");
    }

    /**
     * A stage's root filesystem, materialised as a directory: owners and modes are kept.
     *
     * @param description named in errors after "in", e.g. {@code stage "builder"} or {@code the build context}
     */
    public static SourceRoot stage(Path rootfs, String description) {
        return new SourceRoot(realDirectory(rootfs), PatternMatcher.none(), true, description);
    }

    /**
     * A stage's root filesystem whose files could not be given their owners when it was extracted
     * (a non-root builder): owners and permission bits come from {@code metadata}, the tree of the
     * same layers read from their tar headers, so the copy is the one a root builder makes.
     */
    public static SourceRoot stage(Path rootfs, String description, ImageTree metadata) {
        return new SourceRoot(realDirectory(rootfs), PatternMatcher.none(), true, description,
                Objects.requireNonNull(metadata, "metadata"));
    }

    /**
     * A named context directory ({@code --build-context name=/dir}), filtered like BuildKit does
     * by the {@code .dockerignore} at its root, if any; files become 0:0.
     */
    public static SourceRoot namedDirectory(Path dir, String name) {
        BuildContext c = BuildContext.openWithoutDockerfile(dir);
        return new SourceRoot(c.directory(), c.ignore(), false, "build context \"" + name + "\"");
    }

    /** A named context directory with the given ignore rules. */
    public static SourceRoot directory(Path dir, PatternMatcher ignore, String description) {
        return new SourceRoot(realDirectory(dir), ignore, false, description);
    }

    public Path root() {
        return root;
    }

    /** Whether ignore rules (.dockerignore) may hide some of its entries. */
    public boolean filtered() {
        return !ignore.isEmpty();
    }

    public boolean keepOwners() {
        return keepOwners;
    }

    public String description() {
        return description;
    }

    /** Resolves {@code path} inside the root (see {@link RootPath}); "" is the root. */
    public String resolve(String path, boolean followFinal) {
        return RootPath.resolve(root, path, followFinal, rel -> isVisible(rel));
    }

    /** One lstat of a relative path (null when missing), owner and mode from the layers where given. */
    SourceFile file(String relative) {
        return file(relative, host(relative));
    }

    /** As {@link #file(String)}, with the path's {@link #host} already made. */
    SourceFile file(String relative, Path host) {
        SourceFile f = SourceFile.lstat(host);
        if (f == null || metadata == null) {
            return f;
        }
        return metadata.lstat("/" + relative)
                .map(n -> f.withOwnerAndMode(n.uid(), n.gid(), n.mode()))
                .orElse(f);
    }

    public Path host(String relative) {
        return RootPath.host(root, relative);
    }

    /** lstat of a relative path, or null when it does not exist or is ignored. */
    public BasicFileAttributes lstat(String relative) {
        if (!relative.isEmpty() && !isVisible(relative)) {
            return null;
        }
        return RootPath.lstat(host(relative));
    }

    /** Visible children of a directory, sorted: their names ({@link PathNames#child} makes their relative paths). */
    List<String> childNames(String relative) {
        Path dir = host(relative);
        // java.io's list() makes the names in native code: a directory stream makes a path per
        // entry, then its file name, then its text, each interpreted in a fresh JVM
        String[] listed = dir.toFile().list();
        if (listed == null) { // not a directory, or unreadable: the stream says why
            listed = listWithReason(dir, relative);
        }
        Arrays.sort(listed);
        List<String> out = new ArrayList<>(listed.length);
        for (String name : listed) {
            if (ignore.isEmpty() || isVisible(PathNames.child(relative, name))) {
                if (name.indexOf('\uFFFD') >= 0) {
                    undecodable(PathNames.child(relative, name));
                }
                out.add(name);
            }
        }
        return out;
    }

    private String[] listWithReason(Path dir, String relative) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            throw new CopyException("cannot list " + display(relative) + " in " + description + ": " + Reasons.of(e), e);
        }
        return names.toArray(new String[0]);
    }

    /**
     * Java decodes file names with the locale's charset and cannot name a file whose name is not
     * valid in it: its decoded name (with U+FFFD) then finds nothing. Say so rather than report
     * the file as vanished.
     */
    private void undecodable(String child) {
        if (child.indexOf('\uFFFD') >= 0 && RootPath.lstat(host(child)) == null) {
            throw new CopyException(display(child.replace('\uFFFD', '?')) + " in " + description
                    + ": the file name is not valid " + System.getProperty("sun.jnu.encoding", "UTF-8")
                    + "; Strata cannot copy it (rename it, or exclude it in .dockerignore)");
        }
    }

    /**
     * Whether .dockerignore lets the path through, as BuildKit's context transfer does: an
     * ignored directory is still walked when an exception pattern points inside it, and then
     * exists only if something below it is visible.
     */
    public boolean isVisible(String relative) {
        if (ignore.isEmpty() || relative.isEmpty()) {
            return true;
        }
        Boolean known = visible.get(relative);
        if (known != null) {
            return known;
        }
        boolean result = computeVisible(relative);
        visible.put(relative, result);
        return result;
    }

    private boolean computeVisible(String relative) {
        String parent = PathNames.dir(relative);
        if (!parent.equals(".") && !ancestorWalked(parent)) {
            return false;
        }
        if (!ignore.matches(relative)) {
            return true;
        }
        BasicFileAttributes attrs = RootPath.lstat(host(relative));
        if (attrs == null || !attrs.isDirectory() || !ignore.mayIncludeBelow(relative)) {
            return false;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(host(relative))) {
            for (Path p : stream) {
                if (isVisible(relative + "/" + p.getFileName())) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Whether the walker descends into this directory (and all above it). */
    private boolean ancestorWalked(String dir) {
        String parent = PathNames.dir(dir);
        if (!parent.equals(".") && !ancestorWalked(parent)) {
            return false;
        }
        return !ignore.matches(dir) || ignore.mayIncludeBelow(dir);
    }

    static String display(String relative) {
        return "\"/" + relative + "\"";
    }

    private static Path realDirectory(Path dir) {
        try {
            Path real = dir.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new CopyException(dir + " is not a directory");
            }
            return real;
        } catch (IOException e) {
            throw new CopyException("cannot open " + dir + ": " + e.getMessage(), e);
        }
    }
}
