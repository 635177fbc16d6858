package dev.strata.builder.registry;

import dev.strata.builder.hash.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * A fully qualified image reference, normalised the way the Docker CLI does it
 * ({@code ubuntu} is {@code docker.io/library/ubuntu:latest}). A reference names a tag, a digest,
 * or both ({@code host:5000/app:1.0@sha256:...}); the digest wins when fetching.
 *
 * @param registry the registry host with an optional port ({@code docker.io}, {@code localhost:5000})
 * @param repository the repository path ({@code library/ubuntu}, {@code team/app})
 * @param tag the tag, or null when only a digest was given
 * @param digest the digest, or null
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
    /** The canonical name of Docker Hub, as references spell it. */
    public static final String DOCKER_HUB = "docker.io";

    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("image reference " + registry + "/" + repository + " needs a tag or a digest");
        }
        // every part is checked here too, not only in parse: the parts become file names in the store
        ReferenceParser.checkParts(registry, repository, tag);
    }

    /**
     * Parses and normalises {@code text}; a reference without tag or digest gets {@code latest}.
     *
     * @throws InvalidReferenceException with a one-line message naming the reference and the fault
     */
    public static ImageReference parse(String text) {
        return ReferenceParser.parse(text);
    }

    /** The same repository with another tag and no digest. */
    public ImageReference withTag(String newTag) {
        ReferenceParser.checkTag(newTag, registry + "/" + repository + ":" + newTag);
        return new ImageReference(registry, repository, newTag, null);
    }

    /** The same repository pinned to {@code newDigest}, keeping the tag for display. */
    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, tag, Objects.requireNonNull(newDigest, "digest"));
    }

    public Optional<String> tagIfAny() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> digestIfAny() {
        return Optional.ofNullable(digest);
    }

    /** What the registry API calls the reference: the digest if known, else the tag. */
    public String qualifier() {
        return digest != null ? digest.toString() : tag;
    }

    /** {@code registry/repository}, e.g. {@code docker.io/library/ubuntu}. */
    public String name() {
        return registry + "/" + repository;
    }

    /**
     * The host the registry API is served from: Docker Hub's API lives at
     * {@code registry-1.docker.io}, every other registry at its own name.
     */
    public String apiHost() {
        return DOCKER_HUB.equals(registry) ? "registry-1.docker.io" : registry;
    }

    /** The canonical form: {@code docker.io/library/ubuntu:latest}, {@code host/app@sha256:...}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(name());
        if (tag != null) {
            out.append(':').append(tag);
        }
        if (digest != null) {
            out.append('@').append(digest);
        }
        return out.toString();
    }
}
