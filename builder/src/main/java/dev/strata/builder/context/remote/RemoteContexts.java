package dev.strata.builder.context.remote;

import dev.strata.builder.context.archive.ArchiveReader;
import dev.strata.builder.context.fetch.Download;
import dev.strata.builder.context.fetch.UrlFetcher;
import dev.strata.builder.text.OutsideText;
import dev.strata.builder.text.Urls;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Makes a remote context into a local directory under a work directory the caller removes
 * afterwards: a git repository is checked out, a URL downloaded (a tar is extracted, anything else
 * is the Dockerfile of a build without files), standard input read (a tar, or a Dockerfile). Not
 * thread-safe.
 */
public final class RemoteContexts {
    /** A Dockerfile read whole from standard input or a URL is capped: it is parsed in memory. */
    static final int MAX_DOCKERFILE = 16 << 20;

    private final FetchLimits limits;

    public RemoteContexts(FetchLimits limits) {
        this.limits = limits;
    }

    /** What a remote context became. */
    public sealed interface Local {
        /** The directory that is the context. */
        Path dir();
    }

    /** A directory of files. */
    public record Directory(Path dir) implements Local {}

    /** A Dockerfile alone (its bytes), with an empty directory as the context. */
    public record DockerfileOnly(Path dir, byte[] dockerfile) implements Local {}

    /** Whether {@code spec} is a git URL as BuildKit reads one in a build context. */
    public static boolean isGit(String spec) {
        return GitUrl.parse(spec).isPresent();
    }

    /** The repository's checkout (or its {@code #ref:subdir}) in {@code work}. */
    public Local git(String spec, Path work) throws IOException {
        Optional<GitUrl> url = GitUrl.parse(spec);
        if (url.isEmpty()) {
            throw new IOException("not a git URL: " + OutsideText.oneLine(Urls.redact(spec), 200));
        }
        return new Directory(new GitFetcher(limits).fetch(url.get(), work));
    }

    /** The build context at an http(s) URL: a tar (plain or compressed) extracted, or a Dockerfile. */
    public Local url(String url, Path work) throws IOException {
        Download download = new UrlFetcher().fetch(url, work.resolve("download"), limits.maxBytes());
        try (InputStream in = Files.newInputStream(download.file())) {
            return fromStream(in, work, OutsideText.oneLine(Urls.redact(url), 200));
        } finally {
            Files.deleteIfExists(download.file());
        }
    }

    /** A build context on standard input: a tar (plain or compressed) extracted, or a Dockerfile. */
    public Local stream(InputStream in, Path work) throws IOException {
        return fromStream(in, work, "from standard input");
    }

    /**
     * A named context at an http(s) URL that is not a git repository: a directory holding the
     * downloaded file under the name ADD would give it, as BuildKit's HTTP source does.
     */
    public Path namedUrl(String url, Path work) throws IOException {
        Download download = new UrlFetcher().fetch(url, work.resolve("download"), limits.maxBytes());
        Path dir = Files.createDirectories(work.resolve("context"));
        Path file = dir.resolve(download.fileName());
        Files.move(download.file(), file);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return dir;
    }

    private Local fromStream(InputStream raw, Path work, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(1024);
        byte[] head = in.readNBytes(1024);
        in.reset();
        Path dir = Files.createDirectories(work.resolve("context"));
        if (head.length > 0 && ArchiveReader.looksLikeArchive(head, head.length)) {
            ContextTar.extract(in, dir, name, limits);
            return new Directory(dir);
        }
        byte[] text = in.readNBytes(MAX_DOCKERFILE + 1);
        if (text.length > MAX_DOCKERFILE) {
            throw new IOException("the Dockerfile " + name + " is larger than " + (MAX_DOCKERFILE >> 20)
                    + " MiB (a build context must be a tar archive)");
        }
        return new DockerfileOnly(dir, text);
    }
}
