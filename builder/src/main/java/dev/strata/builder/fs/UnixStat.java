package dev.strata.builder.fs;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;

/**
 * One lstat with the fields a copy, a snapshot or the stat cache compare.
 *
 * <p>The JDK's {@code "unix:..."} attribute view parses its attribute list, builds a set and fills
 * a map at every call: in a fresh JVM that cost ~40 % more CPU per file than the system call
 * itself and its attributes object, which the JDK keeps package-private. Where the JVM opens
 * {@code sun.nio.fs} to Strata (the strata jar's manifest says {@code Add-Opens}), the fields are
 * read from that object; anywhere else (Maven's JVM) through the view. Both give the same values.
 */
public record UnixStat(int mode, int uid, int gid, long inode, long device, int links, long rdev, long size,
        FileTime mtime, FileTime ctime) {

    private static final int S_IFMT = 0170000;

    /** The getters of {@code sun.nio.fs.UnixFileAttributes}, or null when the JVM keeps them closed. */
    private static final Class<?> ATTRIBUTES;
    private static final MethodHandle MODE;
    private static final MethodHandle UID;
    private static final MethodHandle GID;
    private static final MethodHandle INO;
    private static final MethodHandle DEV;
    private static final MethodHandle NLINK;
    private static final MethodHandle RDEV;
    private static final MethodHandle CTIME;

    static {
        Class<?> c = null;
        MethodHandle[] h = new MethodHandle[8];
        try {
            c = Class.forName("sun.nio.fs.UnixFileAttributes");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
            String[] names = {"mode", "uid", "gid", "ino", "dev", "nlink", "rdev", "ctime"};
            Class<?>[] types = {int.class, int.class, int.class, long.class, long.class, int.class, long.class, FileTime.class};
            for (int i = 0; i < names.length; i++) {
                h[i] = lookup.findVirtual(c, names[i], MethodType.methodType(types[i]))
                        .asType(MethodType.methodType(types[i], Object.class));
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError closed) {
            c = null;
        }
        ATTRIBUTES = c;
        MODE = h[0];
        UID = h[1];
        GID = h[2];
        INO = h[3];
        DEV = h[4];
        NLINK = h[5];
        RDEV = h[6];
        CTIME = h[7];
    }

    /** lstat of {@code file} (a final symlink is not followed). */
    public static UnixStat of(Path file) throws IOException {
        if (ATTRIBUTES != null) {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (ATTRIBUTES.isInstance(a)) {
                try {
                    return new UnixStat((int) MODE.invokeExact((Object) a), (int) UID.invokeExact((Object) a),
                            (int) GID.invokeExact((Object) a), (long) INO.invokeExact((Object) a),
                            (long) DEV.invokeExact((Object) a), (int) NLINK.invokeExact((Object) a),
                            (long) RDEV.invokeExact((Object) a), a.size(), a.lastModifiedTime(),
                            (FileTime) CTIME.invokeExact((Object) a));
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable unexpected) {
                    throw new IllegalStateException(unexpected);
                }
            }
        }
        return viaAttributeView(file);
    }

    /** The same lstat through the public {@code "unix:"} view. */
    static UnixStat viaAttributeView(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:mode,uid,gid,ino,dev,nlink,rdev,size,lastModifiedTime,ctime",
                LinkOption.NOFOLLOW_LINKS);
        return new UnixStat((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"), (Long) a.get("ino"),
                (Long) a.get("dev"), (Integer) a.get("nlink"), (Long) a.get("rdev"), (Long) a.get("size"),
                (FileTime) a.get("lastModifiedTime"), (FileTime) a.get("ctime"));
    }

    /** Whether this JVM lets {@link #of} read the JDK's attributes object directly. */
    static boolean direct() {
        return ATTRIBUTES != null;
    }

    /** The file type bits ({@code S_IFMT}) of {@link #mode()}. */
    public int type() {
        return mode & S_IFMT;
    }

    public boolean isDirectory() {
        return type() == 0040000;
    }

    public boolean isRegular() {
        return type() == 0100000;
    }

    public boolean isSymlink() {
        return type() == 0120000;
    }
}
