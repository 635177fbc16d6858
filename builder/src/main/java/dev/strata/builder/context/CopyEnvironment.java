package dev.strata.builder.context;

import dev.strata.builder.context.users.UserDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * What a COPY needs to know about the build it runs in.
 *
 * @param users the image's /etc/passwd and /etc/group, for {@code --chown} names
 * @param image the image's file system at the destination (ignored with {@code --link})
 * @param storeRoot the local store: the stat cache lives in {@code <storeRoot>/context/}, and
 *     downloads and extracted archives in {@code <storeRoot>/tmp/} until the plan is closed
 * @param createdTime mtime of directories COPY creates and of heredoc files
 */
public record CopyEnvironment(UserDatabase users, ImageTree image, Path storeRoot, Instant createdTime) {
    public CopyEnvironment {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(storeRoot, "storeRoot");
        Objects.requireNonNull(createdTime, "createdTime");
    }
}
