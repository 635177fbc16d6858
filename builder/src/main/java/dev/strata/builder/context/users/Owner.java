package dev.strata.builder.context.users;

/** A numeric owner, as written into a layer. */
public record Owner(long uid, long gid) {
    public static final Owner ROOT = new Owner(0, 0);

    public Owner {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("negative uid/gid " + uid + ":" + gid);
        }
    }
}
