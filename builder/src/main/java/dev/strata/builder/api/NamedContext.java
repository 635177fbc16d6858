package dev.strata.builder.api;

import dev.strata.builder.registry.ImageReference;
import dev.strata.builder.registry.InvalidReferenceException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code --build-context NAME=SOURCE}: an OCI image layout ({@code oci-layout:///path[:tag|@sha256:..]})
 * or a registry image ({@code docker-image://REF}) usable in {@code FROM NAME} and
 * {@code COPY --from=NAME}, or a directory, git repository or http(s) URL usable in
 * {@code COPY --from=NAME}.
 */
public record NamedContext(String name, Source source) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._/:@-]*");

    /** Where a named context's content comes from. */
    public sealed interface Source {}

    /**
     * An image in an OCI layout directory.
     *
     * @param reference a tag, or {@code sha256:...} for a digest; empty for the only image
     */
    public record OciLayout(Path layout, Optional<String> reference) implements Source {
        public OciLayout {
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(reference, "reference");
        }
    }

    /** A local directory, read like a build context (without a .dockerignore). */
    public record Directory(Path path) implements Source {
        public Directory {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A registry image ({@code docker-image://REF}): {@code FROM NAME} uses REF, pulled as FROM would pull it. */
    public record Image(String reference) implements Source {
        public Image {
            Objects.requireNonNull(reference, "reference");
        }
    }

    /** A git repository or an http(s) URL, fetched into a directory before the build. */
    public record Remote(RemoteSource source) implements Source {
        public Remote {
            Objects.requireNonNull(source, "source");
        }
    }

    public NamedContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }

    /**
     * Whether this context serves {@code FROM reference} / {@code COPY --from=reference}. Names
     * are compared normalised, as buildx and BuildKit do ({@code busybox}, {@code busybox:latest}
     * and {@code docker.io/library/busybox:latest} are one name); a name that is not an image
     * reference matches only itself.
     */
    public boolean serves(String reference) {
        if (name.equals(reference)) {
            return true;
        }
        try {
            return ImageReference.parse(name).toString().equals(ImageReference.parse(reference).toString());
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    /**
     * Parses {@code name=oci-layout:///path[:tag|@sha256:...]}, {@code name=docker-image://REF},
     * {@code name=GIT-URL}, {@code name=https://...} or {@code name=/dir} (a relative directory is
     * resolved against the working directory).
     */
    public static NamedContext parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException("invalid build context \"" + spec + "\": expected NAME=SOURCE");
        }
        String name = spec.substring(0, eq);
        String value = spec.substring(eq + 1);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid build context name \"" + name + "\"");
        }
        if (value.startsWith("oci-layout://")) {
            return new NamedContext(name, parseLayout(spec, value.substring("oci-layout://".length())));
        }
        if (value.startsWith("docker-image://")) {
            String ref = value.substring("docker-image://".length());
            try {
                ImageReference.parse(ref);
            } catch (InvalidReferenceException e) {
                throw new IllegalArgumentException("invalid build context \"" + spec + "\": " + e.getMessage());
            }
            return new NamedContext(name, new Image(ref));
        }
        Optional<RemoteSource> remote = RemoteSource.of(value);
        if (remote.isPresent()) {
            return new NamedContext(name, new Remote(remote.get()));
        }
        if (value.startsWith("target:") || value.contains("://")) {
            throw new IllegalArgumentException("unsupported build context \"" + value
                    + "\" (supported: oci-layout:///path[:tag|@sha256:...], docker-image://REF, a git or http(s) URL, a directory)");
        }
        return new NamedContext(name, new Directory(Path.of(value)));
    }

    private static OciLayout parseLayout(String spec, String rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("invalid build context \"" + spec + "\": oci-layout:// needs a path");
        }
        int at = rest.lastIndexOf('@');
        if (at > 0) {
            String digest = rest.substring(at + 1);
            if (!digest.matches("sha256:[0-9a-f]{64}")) {
                throw new IllegalArgumentException("invalid digest \"" + digest + "\" in build context \"" + spec + "\"");
            }
            return new OciLayout(Path.of(rest.substring(0, at)), Optional.of(digest));
        }
        int colon = rest.lastIndexOf(':');
        int slash = rest.lastIndexOf('/');
        if (colon > slash && colon > 0) {
            String tag = rest.substring(colon + 1);
            if (tag.isEmpty()) {
                throw new IllegalArgumentException("invalid build context \"" + spec + "\": empty tag");
            }
            return new OciLayout(Path.of(rest.substring(0, colon)), Optional.of(tag));
        }
        return new OciLayout(Path.of(rest), Optional.empty());
    }
}
