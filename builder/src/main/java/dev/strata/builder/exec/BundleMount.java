package dev.strata.builder.exec;

import java.util.List;

/**
 * A mount inside the container, as an OCI runtime config lists it.
 *
 * @param destination absolute path in the container
 * @param type {@code bind}, {@code tmpfs}, {@code proc}, ...
 * @param source host path for binds, the file system name otherwise
 */
record BundleMount(String destination, String type, String source, List<String> options) {
    BundleMount {
        options = List.copyOf(options);
    }

    static BundleMount bind(String destination, String source, boolean readOnly) {
        return new BundleMount(destination, "bind", source, List.of("rbind", readOnly ? "ro" : "rw", "nosuid", "nodev"));
    }

    /** Whether this bind's source is a file (its mount point must be a file, not a directory). */
    boolean isFileBind() {
        return type.equals("bind") && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(source));
    }
}
