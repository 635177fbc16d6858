package dev.strata.builder.api;

import dev.strata.builder.context.remote.RemoteContexts;
import java.io.InputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A build context (or named context) that is not a local directory; the build first makes it one
 * in the store's temporary area (see {@link PreparedBuild}).
 */
public sealed interface RemoteSource {

    /**
     * A git repository, as BuildKit reads one: {@code https://host/repo.git#ref:subdir},
     * {@code git@host:repo.git#ref}, {@code git://...}, {@code ssh://...}.
     */
    record Git(String url) implements RemoteSource {
        public Git {
            Objects.requireNonNull(url, "url");
        }
    }

    /**
     * An http(s) URL that is not a git repository: as the build context a tar (plain, gzip, bzip2,
     * xz, zstd) or a Dockerfile; as a named context the downloaded file.
     */
    record Url(String url) implements RemoteSource {
        public Url {
            Objects.requireNonNull(url, "url");
        }
    }

    /** Standard input ({@code -}): a tar of the context, or a Dockerfile alone. Read once. */
    record Stdin(InputStream in) implements RemoteSource {
        public Stdin {
            Objects.requireNonNull(in, "in");
        }
    }

    /**
     * What a context argument names when it is remote: a git URL (checked first, as BuildKit does),
     * else an http(s) URL; empty for anything else (a path).
     */
    static Optional<RemoteSource> of(String spec) {
        if (RemoteContexts.isGit(spec)) {
            return Optional.of(new Git(spec));
        }
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return Optional.of(new Url(spec));
        }
        return Optional.empty();
    }
}
