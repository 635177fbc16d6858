/**
 * Root filesystems from OCI layers: safe extraction of layer blobs into one directory per diff ID
 * (the overlayfs lower directories, whiteouts already in overlay form), a secure in-root path
 * resolver, and read-only views of a layer stack ({@link dev.strata.builder.rootfs.RootfsView}).
 *
 * <p>Overlay metadata uses the {@code user.overlay.*} xattr namespace (overlayfs option
 * {@code userxattr}), so the JVM can read and write it without native code, and the same lower
 * directories work as root and inside a user namespace.
 */
package dev.strata.builder.rootfs;
