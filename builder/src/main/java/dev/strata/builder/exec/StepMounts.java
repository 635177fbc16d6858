package dev.strata.builder.exec;

import dev.strata.builder.rootfs.OverlayMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --mount}s of one RUN made real: cache directories leased, secrets written to private
 * temporary files outside the root (tmpfs when {@code /dev/shm} is usable), binds of the context
 * filtered by .dockerignore and read-write binds put behind a throw-away overlay (or copy) so the
 * source never changes, SSH agents forwarded through sockets of the step's own ({@link SshForward}).
 * {@link #close()} undoes it
 * all. Not thread-safe.
 */
final class StepMounts implements AutoCloseable {
    private final Path runDir;
    private final CacheMounts caches;
    private final boolean overlay;
    private final List<BundleMount> mounts = new ArrayList<>();
    private final List<String> secretEnv = new ArrayList<>();
    private final List<CacheMounts.Lease> leases = new ArrayList<>();
    private final List<OverlayMount> overlays = new ArrayList<>();
    private final List<SshForward> forwards = new ArrayList<>();
    private Path secretsDir;

    /** {@code overlay}: whether overlayfs can be mounted here (else binds that need a private view are copied). */
    StepMounts(Path runDir, CacheMounts caches, boolean overlay) {
        this.runDir = runDir;
        this.caches = caches;
        this.overlay = overlay;
    }

    /** Prepares every mount of {@code specs}; call {@link #close()} even when this throws. */
    synchronized void prepare(List<MountSpec> specs, MountSources sources) throws IOException {
        int index = 0;
        int ssh = 0;
        for (MountSpec spec : specs) {
            index++;
            switch (spec.type()) {
                case CACHE -> {
                    CacheMounts.Lease lease = caches.acquire(spec);
                    leases.add(lease);
                    mounts.add(BundleMount.bind(spec.target(), lease.dir().toString(), !spec.readWrite()));
                }
                case TMPFS -> {
                    List<String> options = new ArrayList<>(List.of("nosuid", "nodev"));
                    if (spec.size() > 0) {
                        options.add("size=" + spec.size());
                    }
                    mounts.add(new BundleMount(spec.target(), "tmpfs", "tmpfs", options));
                }
                case SECRET -> secret(spec, sources, index);
                case BIND -> bind(spec, sources, index);
                case SSH -> {
                    // BuildKit numbers a RUN's ssh mounts without a target
                    ssh(spec.target().isEmpty() ? spec.withTarget("/run/buildkit/ssh_agent." + ssh) : spec, sources);
                    ssh++;
                }
            }
        }
    }

    List<BundleMount> mounts() {
        return List.copyOf(mounts);
    }

    /** {@code VAR=value} for secrets mounted with {@code env=}. */
    List<String> secretEnv() {
        return List.copyOf(secretEnv);
    }

    private void secret(MountSpec spec, MountSources sources, int index) throws IOException {
        Optional<byte[]> value = sources.secret(spec.id());
        if (value.isEmpty()) {
            if (spec.required()) {
                throw new ExecException("secret " + spec.id() + " not found (pass it with --secret id=" + spec.id() + ",src=FILE)");
            }
            return;
        }
        if (!spec.env().isEmpty()) {
            secretEnv.add(spec.env() + "=" + new String(value.get(), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (spec.target().isEmpty()) {
            return;
        }
        if (secretsDir == null) {
            secretsDir = PrivateTemp.create(runDir, "strata-secrets-");
        }
        Path file = secretsDir.resolve("s" + index);
        Files.write(file, value.get());
        Files.setAttribute(file, "unix:uid", (int) Math.max(spec.uid(), 0));
        Files.setAttribute(file, "unix:gid", (int) Math.max(spec.gid(), 0));
        Files.setAttribute(file, "unix:mode", spec.mode() < 0 ? 0400 : spec.mode());
        mounts.add(BundleMount.bind(spec.target(), file.toString(), true));
    }

    /** An agent socket of the step's own, relaying to the forwarded agent; skipped when not forwarded and not required. */
    private void ssh(MountSpec spec, MountSources sources) throws IOException {
        Optional<List<Path>> paths = sources.ssh(spec.id());
        if (paths.isEmpty()) {
            if (spec.required()) {
                throw new ExecException("no SSH key \"" + spec.id() + "\" forwarded from the client (pass it with --ssh "
                        + spec.id() + "=SOCKET|KEYFILE)");
            }
            return;
        }
        SshForward forward = SshForward.start(spec.id(), paths.get(), runDir, Math.max(spec.uid(), 0), Math.max(spec.gid(), 0),
                spec.mode() < 0 ? 0600 : spec.mode());
        forwards.add(forward);
        mounts.add(BundleMount.bind(spec.target(), forward.socket().toString(), false));
    }

    /**
     * A bind: read-only straight onto its source when nothing in it is hidden; otherwise (or
     * {@code rw}) behind an overlay in the step's directory: a layer of whiteouts above the source
     * hides the .dockerignore'd entries, a throw-away upper directory takes the writes. Without
     * overlayfs a copy of the visible entries does both.
     */
    private void bind(MountSpec spec, MountSources sources, int index) throws IOException {
        MountSources.BindSource bind = sources.bindSource(spec.from(), spec.source());
        Path source = bind.path();
        boolean directory = Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS);
        if (!spec.readWrite() && (bind.hidden().isEmpty() || !directory)) {
            mounts.add(BundleMount.bind(spec.target(), source.toString(), true));
            return;
        }
        Path scratch = Files.createDirectory(runDir.resolve("bind-" + index));
        if (directory) {
            Path merged = Files.createDirectory(scratch.resolve("m"));
            if (overlay) {
                Path upper = Files.createDirectory(scratch.resolve("u"));
                Path hide = Files.createDirectory(scratch.resolve("h"));
                FilteredSource.whiteouts(source, bind.hidden(), hide, upper);
                overlays.add(OverlayMount.mount(List.of(hide, source), upper, Files.createDirectory(scratch.resolve("w")), merged));
            } else {
                FilteredSource.copy(source, bind.hidden(), merged);
            }
            mounts.add(BundleMount.bind(spec.target(), merged.toString(), !spec.readWrite()));
        } else {
            Path copy = scratch.resolve("file");
            Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            mounts.add(BundleMount.bind(spec.target(), copy.toString(), false));
        }
    }

    /** Undoes the set-up; safe to call twice (from the step and from the shutdown hook). */
    @Override
    public synchronized void close() throws IOException {
        IOException failure = null;
        for (OverlayMount overlay : overlays) {
            try {
                overlay.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        overlays.clear();
        for (SshForward forward : forwards) {
            try {
                forward.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        forwards.clear();
        for (CacheMounts.Lease lease : leases) {
            try {
                lease.close();
            } catch (IOException | IllegalMonitorStateException e) {
                failure = e instanceof IOException io ? io : new IOException(e);
            }
        }
        leases.clear();
        if (secretsDir != null && Files.isDirectory(secretsDir)) {
            try (var files = Files.list(secretsDir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(secretsDir);
        }
        secretsDir = null;
        if (failure != null) {
            throw failure;
        }
    }
}
