package dev.strata.builder.registry;

import dev.strata.builder.hash.Digest;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Docker's reference grammar and normalisation (distribution's {@code reference} package:
 * {@code ParseNormalizedNamed} then {@code TagNameOnly}), checked part by part so the error says
 * which part is wrong.
 */
final class ReferenceParser {
    private ReferenceParser() {}

    // distribution/reference regexp.go; the separator uses [-]+ (not [-]*) to avoid the
    // exponential backtracking of an empty alternative inside a repetition: same language.
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*+");
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");
    private static final int NAME_MAX = 255;

    static ImageReference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidReferenceException(String.valueOf(text), "repository name must have at least one component");
        }
        if (IDENTIFIER.matcher(text).matches()) {
            throw new InvalidReferenceException(text, "cannot specify 64-byte hexadecimal strings as a repository name");
        }
        String domain = ImageReference.DOCKER_HUB;
        String rest = text;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            String first = text.substring(0, slash);
            boolean looksLikeHost = first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.toLowerCase(Locale.ROOT).equals(first);
            if (looksLikeHost) {
                domain = first;
                rest = text.substring(slash + 1);
            }
        }
        if (domain.equals("index.docker.io")) {
            domain = ImageReference.DOCKER_HUB;
        }
        String digestText = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digestText = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (domain.equals(ImageReference.DOCKER_HUB) && rest.indexOf('/') < 0 && !rest.isEmpty()) {
            rest = "library/" + rest;
        }
        checkDomain(domain, text);
        checkPath(rest, text);
        if ((domain + "/" + rest).length() > NAME_MAX) {
            throw new InvalidReferenceException(text, "repository name must not be more than " + NAME_MAX + " characters");
        }
        Digest digest = digestText == null ? null : parseDigest(digestText, text);
        if (tag != null) {
            checkTag(tag, text);
        } else if (digest == null) {
            tag = "latest";
        }
        return new ImageReference(domain, rest, tag, digest);
    }

    /** Validates the parts of a reference made without {@link #parse}. */
    static void checkParts(String registry, String repository, String tag) {
        String text = registry + "/" + repository + (tag == null ? "" : ":" + tag);
        checkDomain(registry, text);
        checkPath(repository, text);
        if (tag != null) {
            checkTag(tag, text);
        }
    }

    static void checkTag(String tag, String text) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new InvalidReferenceException(text, "invalid tag \"" + tag
                    + "\" (up to 128 letters, digits, '_', '.', '-', not starting with '.' or '-')");
        }
    }

    private static void checkDomain(String domain, String text) {
        if (!DOMAIN.matcher(domain).matches()) {
            throw new InvalidReferenceException(text, "invalid registry host \"" + domain + "\"");
        }
    }

    private static void checkPath(String path, String text) {
        if (path.isEmpty()) {
            throw new InvalidReferenceException(text, "repository name must have at least one component");
        }
        if (!path.toLowerCase(Locale.ROOT).equals(path)) {
            throw new InvalidReferenceException(text, "repository name must be lowercase");
        }
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw new InvalidReferenceException(text, component.isEmpty()
                        ? "empty path component in repository name \"" + path + "\""
                        : "invalid repository name component \"" + component
                                + "\" (lowercase letters and digits, separated by '.', '_', '__' or '-')");
            }
        }
    }

    private static Digest parseDigest(String digestText, String text) {
        try {
            return Digest.parse(digestText);
        } catch (IllegalArgumentException e) {
            throw new InvalidReferenceException(text, "invalid digest \"" + digestText + "\" (expected sha256:<64 hex digits>)");
        }
    }
}
