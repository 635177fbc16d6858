package dev.strata.builder.rootfs;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives files their owners where the process may: root can, a non-root builder (a pod with
 * {@code runAsUser}, a laptop) or a user namespace with few ids mapped cannot. After the first
 * refusal the files keep the builder's own owner and no further chown is tried; {@link #refused()}
 * says so. Owners in the layers Strata writes never come from these files (COPY takes them from
 * the Dockerfile, RUN from the step's own diff). Not thread-safe.
 */
final class Owners {
    private boolean refused;

    /** Sets {@code uid}/{@code gid} of {@code path} (not following a symlink) unless {@code now} has them. */
    void set(Path path, long uid, long gid, Map<String, Object> now) throws IOException {
        set(path, uid, gid, ((Number) now.get("uid")).longValue(), ((Number) now.get("gid")).longValue());
    }

    /**
     * Sets {@code uid}/{@code gid} of {@code path} (not following a symlink), which has {@code
     * nowUid}/{@code nowGid}; returns whether it has the ones asked for now.
     */
    boolean set(Path path, long uid, long gid, long nowUid, long nowGid) throws IOException {
        if (nowUid == uid && nowGid == gid) {
            return true;
        }
        if (refused) {
            return false;
        }
        if (NativeFiles.lchown(path, uid, gid)) {
            return true;
        }
        try {
            if (nowUid != uid) {
                Files.setAttribute(path, "unix:uid", (int) uid, SafeTree.NOFOLLOW);
            }
            if (nowGid != gid) {
                Files.setAttribute(path, "unix:gid", (int) gid, SafeTree.NOFOLLOW);
            }
            return true;
        } catch (FileSystemException e) {
            if (!isRefusal(e)) {
                throw e;
            }
            refused = true;
            return false;
        }
    }

    /** Whether this process may give a file it made in {@code dir} to another owner (tries it). */
    static boolean canGiveAway(Path dir) throws IOException {
        Path probe = Files.createTempFile(dir, ".owner-", "");
        try {
            Owners owners = new Owners();
            owners.set(probe, 1, 1, Files.readAttributes(probe, "unix:uid,gid", SafeTree.NOFOLLOW));
            return !owners.refused();
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** Whether a chown was refused (EPERM, or EINVAL for an id the user namespace does not map). */
    boolean refused() {
        return refused;
    }

    /** Stops trying (an earlier copy or batch was refused already). */
    void refuse() {
        refused = true;
    }

    private static boolean isRefusal(FileSystemException e) {
        String reason = String.valueOf(e.getReason());
        return reason.contains("Operation not permitted") || reason.contains("Invalid argument");
    }
}
