package dev.strata.image;

import java.util.Locale;

/** One cell of the pod matrix: a security setting, where the store lives, which Dockerfile. */
record Scenario(PodMode mode, Store store, Build build) {

    /** Where the Strata store (and so the overlay/snapshot work dirs) lives in the pod. */
    enum Store {
        /** The container's own overlay root filesystem: a pod without volumes. */
        ROOT,
        /** A bind-mounted host directory on ext4: a pod's emptyDir volume. */
        VOLUME
    }

    /** The Dockerfile built. */
    enum Build {
        COPY,
        /** Writes a file, adds a user and chowns its home to it, deletes a file. */
        RUN,
        /** A RUN that needs no id but root's: writes a file, makes a directory, deletes a file. */
        ROOTRUN
    }

    /** {@code P1/root/COPY}: the name the gate lists and the report use. */
    String id() {
        return mode + "/" + store.name().toLowerCase(Locale.ROOT) + "/" + build;
    }

    @Override
    public String toString() {
        return id();
    }
}
