package dev.strata.builder.exec;

import dev.strata.builder.exec.MountSpec.Sharing;
import dev.strata.builder.exec.MountSpec.Type;

/** Collects the fields of one {@code --mount} value and applies BuildKit's defaults and checks. Not thread-safe. */
final class MountSpecParser {
    private Type type = Type.BIND;
    private String target = "";
    private String source = "";
    private String from = "";
    private String id = "";
    private Sharing sharing = Sharing.SHARED;
    private Boolean readWrite;
    private int mode = -1;
    private long uid = -1;
    private long gid = -1;
    private long size;
    private boolean required;
    private String env = "";

    void field(String field) {
        String trimmed = field.trim();
        if (trimmed.isEmpty()) {
            return;
        }
        int eq = trimmed.indexOf('=');
        String key = MountSpec.lower(eq < 0 ? trimmed : trimmed.substring(0, eq));
        String value = eq < 0 ? null : trimmed.substring(eq + 1);
        switch (key) {
            case "readonly", "ro" -> readWrite = !bool(key, value);
            case "readwrite", "rw" -> readWrite = bool(key, value);
            case "required" -> required = bool(key, value);
            default -> {
                if (value == null) {
                    throw new IllegalArgumentException("invalid field '" + trimmed + "' in --mount: must be a key=value pair");
                }
                keyValue(key, value, trimmed);
            }
        }
    }

    private void keyValue(String key, String value, String field) {
        switch (key) {
            case "type" -> type = type(value);
            case "source", "src" -> source = value;
            case "target", "dst", "destination" -> target = value;
            case "from" -> from = value;
            case "id" -> id = value;
            case "sharing" -> sharing = switch (MountSpec.lower(value)) {
                case "shared" -> Sharing.SHARED;
                case "private" -> Sharing.PRIVATE;
                case "locked" -> Sharing.LOCKED;
                default -> throw new IllegalArgumentException("unsupported sharing value \"" + value
                        + "\" in --mount (use shared, private or locked)");
            };
            case "mode" -> mode = octal(value);
            case "uid" -> uid = number(key, value);
            case "gid" -> gid = number(key, value);
            case "size" -> size = bytes(value);
            case "env" -> env = value;
            case "relabel" -> throw new IllegalArgumentException("--mount relabel is not supported (SELinux)");
            default -> throw new IllegalArgumentException("unexpected key '" + key + "' in '" + field + "' of --mount");
        }
    }

    MountSpec build() {
        if (type == Type.SSH) {
            if (!source.isEmpty() || !from.isEmpty()) {
                throw new IllegalArgumentException("ssh does not support source or from in --mount");
            }
            if (id.isEmpty()) {
                id = "default";
            }
            if (!target.isEmpty() && !target.startsWith("/")) {
                target = "/" + target;
            }
            return new MountSpec(type, target, source, from, id, sharing, true, mode, uid, gid, size, required, env);
        }
        if (type == Type.SECRET) {
            if (id.isEmpty() && target.isEmpty()) {
                throw new IllegalArgumentException("--mount type=secret needs id= or target=");
            }
            if (id.isEmpty()) {
                id = target.substring(target.lastIndexOf('/') + 1);
            }
            if (target.isEmpty() && env.isEmpty()) {
                target = "/run/secrets/" + id;
            }
            if (Boolean.TRUE.equals(readWrite)) {
                throw new IllegalArgumentException("--mount type=secret cannot be read-write");
            }
        } else if (target.isEmpty()) {
            throw new IllegalArgumentException("--mount type=" + MountSpec.lower(type.name()) + " needs target=");
        }
        if (!env.isEmpty() && type != Type.SECRET) {
            throw new IllegalArgumentException("--mount env= is only for type=secret");
        }
        if (type == Type.CACHE && id.isEmpty()) {
            id = target;
        }
        if (type == Type.CACHE && !from.isEmpty()) {
            throw new IllegalArgumentException("--mount type=cache,from= is not supported by Strata yet");
        }
        if (type == Type.TMPFS && (!source.isEmpty() || !from.isEmpty())) {
            throw new IllegalArgumentException("--mount type=tmpfs takes no source or from");
        }
        if (!target.isEmpty() && !target.startsWith("/")) {
            target = "/" + target;
        }
        boolean rw = readWrite != null ? readWrite : type == Type.CACHE || type == Type.TMPFS;
        return new MountSpec(type, target, source, from, id, sharing, rw, mode, uid, gid, size, required, env);
    }

    private static Type type(String value) {
        return switch (MountSpec.lower(value)) {
            case "bind" -> Type.BIND;
            case "cache" -> Type.CACHE;
            case "tmpfs" -> Type.TMPFS;
            case "secret" -> Type.SECRET;
            case "ssh" -> Type.SSH;
            default -> throw new IllegalArgumentException("unsupported mount type \"" + value
                    + "\" (use bind, cache, tmpfs, secret or ssh)");
        };
    }

    private static boolean bool(String key, String value) {
        if (value == null) {
            return true;
        }
        return switch (MountSpec.lower(value)) {
            case "true", "1", "t" -> true;
            case "false", "0", "f" -> false;
            default -> throw new IllegalArgumentException("invalid value for " + key + " in --mount: \"" + value + "\"");
        };
    }

    private static int octal(String value) {
        try {
            int mode = Integer.parseInt(value, 8);
            if (mode < 0 || mode > 07777) {
                throw new NumberFormatException();
            }
            return mode;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid mode \"" + value + "\" in --mount: must be octal, e.g. 0644", e);
        }
    }

    private static long number(String key, String value) {
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + key + " \"" + value + "\" in --mount: must be a number", e);
        }
    }

    private static long bytes(String value) {
        String v = MountSpec.lower(value.trim());
        long unit = 1;
        char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
        if (last == 'b' && v.length() > 1) {
            v = v.substring(0, v.length() - 1);
            last = v.charAt(v.length() - 1);
        }
        switch (last) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            default -> unit = 1;
        }
        String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
        try {
            return Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid size \"" + value + "\" in --mount (e.g. 64m)", e);
        }
    }
}
