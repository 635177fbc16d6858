package dev.strata.builder.context.remote;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A git repository as BuildKit's Dockerfile front end recognises one in a build context:
 * {@code https://host/repo.git}, {@code http://...repo.git}, {@code git://...}, {@code ssh://...},
 * {@code user@host:path} (scp form) and the deprecated {@code github.com/owner/repo}, each with an
 * optional fragment {@code #ref:subdir} (ref: a branch, tag, commit or other ref; subdir: the
 * directory in the repository that is the context). An http(s) URL counts only when its path ends
 * in {@code .git}, so a tarball URL is never taken for a repository.
 *
 * @param remote what {@code git fetch} is given (the URL without its fragment)
 * @param ref what to check out; empty for the remote's HEAD
 * @param subdir a relative directory inside the repository; empty for its root
 */
public record GitUrl(String remote, Optional<String> ref, Optional<String> subdir) {
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z0-9]+)://");
    private static final Pattern SCP = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9._-]*@[a-zA-Z0-9][a-zA-Z0-9.-]*:.+$");

    public GitUrl {
        java.util.Objects.requireNonNull(remote, "remote");
        java.util.Objects.requireNonNull(ref, "ref");
        java.util.Objects.requireNonNull(subdir, "subdir");
    }

    /** The repository {@code spec} names, or empty when it is not a git URL (a path, a tarball URL). */
    public static Optional<GitUrl> parse(String spec) {
        if (spec.startsWith("./") || spec.startsWith("../")) {
            return Optional.empty();
        }
        int hash = spec.indexOf('#');
        String remote = hash < 0 ? spec : spec.substring(0, hash);
        String fragment = hash < 0 ? "" : spec.substring(hash + 1);
        if (remote.isEmpty()) {
            return Optional.empty();
        }
        if (remote.startsWith("github.com/")) {
            remote = "https://" + remote;
        } else {
            Matcher m = SCHEME.matcher(remote);
            if (m.find()) {
                String scheme = m.group(1).toLowerCase(Locale.ROOT);
                switch (scheme) {
                    case "http", "https" -> {
                        String path = remote.substring(m.end());
                        int q = path.indexOf('?');
                        if (!(q < 0 ? path : path.substring(0, q)).endsWith(".git")) {
                            return Optional.empty();
                        }
                    }
                    case "git", "ssh" -> { }
                    default -> {
                        return Optional.empty();
                    }
                }
            } else if (!SCP.matcher(remote).matches()) {
                return Optional.empty();
            }
        }
        int colon = fragment.indexOf(':');
        String ref = colon < 0 ? fragment : fragment.substring(0, colon);
        if (ref.startsWith("-")) {
            return Optional.empty(); // git would read it as an option (--upload-pack=...)
        }
        String subdir = colon < 0 ? "" : fragment.substring(colon + 1);
        return Optional.of(new GitUrl(remote, nonEmpty(ref), nonEmpty(subdir)));
    }

    private static Optional<String> nonEmpty(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** Whether the ref is a full commit id (fetched by id, as no branch or tag has that name). */
    boolean refIsCommit() {
        return ref.isPresent() && ref.get().matches("[0-9a-f]{40}|[0-9a-f]{64}");
    }

    /** Whether the ref may be an abbreviated commit id, which only a full fetch can resolve. */
    boolean refMayBeShortCommit() {
        return ref.isPresent() && ref.get().matches("[0-9a-f]{7,39}");
    }
}
