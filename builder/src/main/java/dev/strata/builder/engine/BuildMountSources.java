package dev.strata.builder.engine;

import dev.strata.builder.api.SecretSpec;
import dev.strata.builder.context.CopyException;
import dev.strata.builder.context.SourceRoot;
import dev.strata.builder.exec.ExecException;
import dev.strata.builder.exec.MountSources;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.plan.StageRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RUN --mount sources of one build: bind sources from the context (as .dockerignore filters it,
 * like the context BuildKit receives) or a stage, image or named context, resolved inside its root;
 * {@code --secret} values and {@code --ssh} forwards. Thread-safe.
 */
final class BuildMountSources implements MountSources {
    private final BuildSession session;
    /** What .dockerignore hides below each context path bound so far: the context does not change during a build. */
    private final Map<String, List<String>> hiddenInContext = new ConcurrentHashMap<>();

    BuildMountSources(BuildSession session) {
        this.session = session;
    }

    /** A stage or image bound here may be extracted first; its progress is step 0's (the mount does not know its RUN's number). */
    @Override
    public BindSource bindSource(String from, String source) throws IOException {
        SourceRoot root = from.isEmpty() ? session.files().context() : session.files().open(session.resolveFrom(from), from, 0);
        String rel;
        try {
            rel = root.resolve(source.isEmpty() ? "/" : source, true);
        } catch (CopyException e) {
            throw new ExecException("--mount type=bind source \"" + source + "\": " + e.getMessage(), e);
        }
        BasicFileAttributes attrs = root.lstat(rel);
        if (attrs == null) {
            throw new ExecException("--mount type=bind source \"" + source + "\" not found in " + root.description()
                    + (root.filtered() ? " (or excluded by .dockerignore)" : ""));
        }
        Path host = root.host(rel);
        if (!root.filtered() || !attrs.isDirectory()) {
            return BindSource.of(host);
        }
        if (!from.isEmpty()) {
            return new BindSource(host, hidden(root, rel));
        }
        List<String> hidden = hiddenInContext.get(rel);
        if (hidden == null) {
            hidden = hidden(root, rel);
            hiddenInContext.putIfAbsent(rel, hidden);
        }
        return new BindSource(host, hidden);
    }

    @Override
    public Optional<String> contentDigest(String from, String source) throws IOException {
        if (from.isEmpty()) {
            return walkDigest(session.files().context(), source);
        }
        // as BuildKit keys such a mount on its input: a stage or image by its layers, a directory by its files
        StageRef ref = session.resolveFrom(from);
        if (ref instanceof StageRef.Stage stage) {
            return Optional.of(layersDigest(session.stageResult(stage.index()).layers()));
        }
        String reference = ((StageRef.Image) ref).reference();
        if (session.files().namedDirectory(reference).isPresent()) {
            return walkDigest(session.files().open(ref, from, 0), source);
        }
        if (reference.equals("scratch")) {
            return Optional.of(layersDigest(List.of()));
        }
        return Optional.of(layersDigest(session.baseImage(reference, Optional.empty(), 0).layers()));
    }

    private static String layersDigest(List<Layer> layers) {
        java.security.MessageDigest digest = dev.strata.builder.hash.Digest.newSha256();
        for (Layer layer : layers) {
            digest.update((layer.diffId() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return "layers:sha256:" + java.util.HexFormat.of().formatHex(digest.digest());
    }

    /** A digest of what {@code source} holds in {@code root}: names, modes, link targets and file contents. */
    private static Optional<String> walkDigest(SourceRoot root, String source) throws IOException {
        String rel;
        try {
            rel = root.resolve(source.isEmpty() ? "/" : source, true);
        } catch (CopyException e) {
            throw new ExecException("--mount type=bind source \"" + source + "\": " + e.getMessage(), e);
        }
        if (root.lstat(rel) == null) {
            return Optional.empty(); // the step reports the missing source
        }
        java.security.MessageDigest digest = dev.strata.builder.hash.Digest.newSha256();
        Deque<String> pending = new ArrayDeque<>(List.of(rel));
        while (!pending.isEmpty()) {
            String entry = pending.pop();
            Path host = root.host(entry);
            BasicFileAttributes attrs = Files.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Object mode = Files.getAttribute(host, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            String name = entry.equals(rel) ? "." : entry.substring(rel.isEmpty() ? 0 : rel.length() + 1);
            StringBuilder line = new StringBuilder(name).append('\0').append(mode).append('\0');
            if (attrs.isSymbolicLink()) {
                line.append("link ").append(Files.readSymbolicLink(host));
            } else if (attrs.isRegularFile()) {
                line.append("file ").append(dev.strata.builder.context.digest.FileDigester.sha256(host));
            } else if (attrs.isDirectory()) {
                line.append("dir");
                List<String> children = new ArrayList<>();
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(host)) {
                    for (Path child : entries) {
                        String childRel = entry.isEmpty() ? child.getFileName().toString() : entry + "/" + child.getFileName();
                        if (root.isVisible(childRel)) {
                            children.add(childRel);
                        }
                    }
                }
                children.sort(java.util.Comparator.reverseOrder());
                children.forEach(pending::push);
            }
            digest.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
        return Optional.of("sha256:" + java.util.HexFormat.of().formatHex(digest.digest()));
    }

    /** The topmost entries below directory {@code rel} that the root's ignore rules hide, relative to {@code rel}. */
    private static List<String> hidden(SourceRoot root, String rel) throws IOException {
        List<String> hidden = new ArrayList<>();
        Deque<String> dirs = new ArrayDeque<>(List.of(rel));
        while (!dirs.isEmpty()) {
            String dir = dirs.pop();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.host(dir))) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    String child = dir.isEmpty() ? name : dir + "/" + name;
                    if (!root.isVisible(child)) {
                        hidden.add(rel.isEmpty() ? child : child.substring(rel.length() + 1));
                    } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                        dirs.push(child);
                    }
                }
            }
        }
        hidden.sort(null);
        return List.copyOf(hidden);
    }

    @Override
    public Optional<List<Path>> ssh(String id) {
        return session.request().runOptions().ssh().stream().filter(s -> s.id().equals(id)).findFirst()
                .map(dev.strata.builder.api.SshSpec::paths);
    }

    @Override
    public Optional<byte[]> secret(String id) {
        for (SecretSpec s : session.request().secrets()) {
            if (s.id().equals(id)) {
                if (s.file().isPresent()) {
                    try {
                        return Optional.of(Files.readAllBytes(s.file().get()));
                    } catch (IOException e) {
                        throw new dev.strata.builder.steps.StepException("cannot read secret \"" + id + "\" from "
                                + s.file().get() + ": " + e.getMessage(), e);
                    }
                }
                String value = System.getenv(s.env().orElseThrow());
                return value == null ? Optional.empty() : Optional.of(value.getBytes(StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
