package dev.strata.builder.context.remote;

import dev.strata.builder.rootfs.Trees;
import dev.strata.builder.text.OutsideText;
import dev.strata.builder.text.Urls;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Checks a git repository out into a directory with the {@code git} program, as BuildKit's git
 * source does: the ref alone, shallow where the ref allows ({@code --depth 1}), submodules
 * recursively (Docker documents that a git context includes them), then {@code .git} removed. The
 * repository cannot run anything here: hooks are off ({@code core.hooksPath=/dev/null}, no
 * templates), the {@code ext::} and {@code file://} transports are refused (also for submodules),
 * git never prompts. Each git command is bounded in time and the checkout in size.
 */
public final class GitFetcher {
    private static final List<String> SAFE = List.of(
            "-c", "core.hooksPath=/dev/null",
            "-c", "protocol.ext.allow=never",
            "-c", "protocol.file.allow=never",
            "-c", "core.fsmonitor=false",
            "-c", "advice.detachedHead=false",
            "-c", "init.templateDir=");

    private final FetchLimits limits;

    public GitFetcher(FetchLimits limits) {
        this.limits = limits;
    }

    /**
     * Clones {@code url} into {@code work/repo} and returns the context directory (the repository's
     * root, or its {@code subdir}).
     *
     * @throws IOException with a one-line message naming the repository (credentials redacted)
     */
    public Path fetch(GitUrl url, Path work) throws IOException {
        String shown = OutsideText.oneLine(Urls.redact(url.remote()));
        Path repo = work.resolve("repo");
        Files.createDirectories(repo);
        git(repo, shown, work, "init", "-q");
        git(repo, shown, work, "remote", "add", "--", "origin", url.remote());
        String checkout = "FETCH_HEAD";
        String ref = url.ref().orElse("HEAD");
        if (!tryGit(repo, work, "fetch", "-q", "--depth=1", "--no-tags", "--", "origin", ref)) {
            // the dumb HTTP transport cannot fetch shallow; a commit id some servers will not send by id
            Result full = run(repo, work, "fetch", "-q", "--no-tags", "--", "origin", ref);
            if (full.exit() != 0) {
                if (!url.refIsCommit() && !url.refMayBeShortCommit()) {
                    throw new IOException("git repository " + shown + ": git fetch failed: " + full.message());
                }
                // an abbreviated commit id: fetch every branch and tag, then look for it
                git(repo, shown, work, "fetch", "-q", "--", "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*");
                checkout = ref + "^{commit}";
                if (!tryGit(repo, work, "rev-parse", "-q", "--verify", "--end-of-options", checkout)) {
                    throw new IOException("git repository " + shown + ": no branch, tag or commit \""
                            + OutsideText.oneLine(ref, 200) + "\"");
                }
            }
        }
        git(repo, shown, work, "checkout", "-q", "--detach", checkout);
        if (Files.isRegularFile(repo.resolve(".gitmodules"), LinkOption.NOFOLLOW_LINKS)) {
            git(repo, shown, work, "submodule", "update", "-q", "--init", "--recursive", "--depth=1");
        }
        removeGitDirs(repo);
        return subdir(repo, url, shown);
    }

    private static Path subdir(Path repo, GitUrl url, String shown) throws IOException {
        if (url.subdir().isEmpty()) {
            return repo;
        }
        String sub = url.subdir().get();
        Path candidate = repo.resolve(sub.startsWith("/") ? sub.substring(1) : sub).normalize();
        Path realRepo = repo.toRealPath();
        if (candidate.startsWith(repo) && Files.exists(candidate)) {
            Path real = candidate.toRealPath();
            if (!real.startsWith(realRepo)) {
                throw new IOException("git repository " + shown + ": directory \"" + OutsideText.oneLine(sub, 200)
                        + "\" leaves the repository (a symbolic link)");
            }
            if (Files.isDirectory(real)) {
                return real;
            }
        }
        throw new IOException("git repository " + shown + ": no directory \"" + OutsideText.oneLine(sub, 200)
                + "\" at " + url.ref().orElse("HEAD"));
    }

    /** {@code .git} of the repository and of its submodules (files pointing into the first). */
    private static void removeGitDirs(Path repo) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(repo, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.getFileName().toString().equals(".git") && !dir.equals(repo)) {
                    found.add(dir);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.getFileName().toString().equals(".git")) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path p : found) {
            Trees.delete(p);
        }
    }

    private void git(Path repo, String shown, Path work, String... args) throws IOException {
        Result r = run(repo, work, args);
        if (r.exit != 0) {
            throw new IOException("git repository " + shown + ": git " + args[0] + " failed: " + r.message);
        }
    }

    private boolean tryGit(Path repo, Path work, String... args) throws IOException {
        return run(repo, work, args).exit == 0;
    }

    private record Result(int exit, String message) {}

    private Result run(Path repo, Path work, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(SAFE);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile());
        Path err = work.resolve("git-stderr");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_PROTOCOL_FROM_USER", "0");
        env.putIfAbsent("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
        env.remove("GIT_DIR");
        env.remove("GIT_WORK_TREE");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run git (install it: apt-get install git): " + e.getMessage(), e);
        }
        AtomicBoolean tooBig = new AtomicBoolean();
        Thread watch = new Thread(() -> watchSize(p, repo, tooBig), "git-size-watch");
        watch.setDaemon(true);
        watch.start();
        try {
            boolean done = p.waitFor(limits.gitTimeout().toSeconds(), TimeUnit.SECONDS);
            if (!done) {
                kill(p);
                throw new IOException("git " + args[0] + " took longer than " + limits.gitTimeout().toSeconds()
                        + " s (raise -D" + FetchLimits.GIT_TIMEOUT_PROPERTY + "=SECONDS)");
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running git " + args[0], e);
        } finally {
            watch.interrupt();
        }
        if (tooBig.get()) {
            throw new IOException("the repository is larger than " + limits.describeBytes() + " (raise -D"
                    + FetchLimits.MAX_BYTES_PROPERTY + "=BYTES)");
        }
        return new Result(p.exitValue(), lastLine(err));
    }

    /** Stops git once the checkout outgrows the limit (polled: git gives no progress we could bound). */
    private void watchSize(Process p, Path repo, AtomicBoolean tooBig) {
        try {
            while (p.isAlive()) {
                if (Sizes.of(repo, limits.maxBytes()) > limits.maxBytes()) {
                    tooBig.set(true);
                    kill(p);
                    return;
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException | IOException | java.io.UncheckedIOException e) {
            // the command ended, or the tree changed under the walk: the next poll or the caller decides
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last non-empty line git wrote to stderr, printable and with URL credentials hidden. */
    private static String lastLine(Path err) throws IOException {
        if (!Files.exists(err)) {
            return "(no message)";
        }
        byte[] bytes;
        try (var in = Files.newInputStream(err)) {
            long size = Files.size(err);
            if (size > 8192) {
                in.skipNBytes(size - 8192);
            }
            bytes = in.readAllBytes();
        }
        String last = "";
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                last = line;
            }
        }
        String text = OutsideText.oneLine(Urls.redactAll(last), 300);
        return text == null || text.isEmpty() ? "(no message)" : text;
    }
}
