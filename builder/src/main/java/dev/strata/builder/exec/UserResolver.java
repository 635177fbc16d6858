package dev.strata.builder.exec;

import dev.strata.builder.rootfs.RootPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a {@code USER} value ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid})
 * against a root filesystem's {@code /etc/passwd} and {@code /etc/group}, as runc and Docker do: a
 * name must exist; a numeric uid need not (gid then 0); a user's primary group comes from passwd
 * and its supplementary groups (the primary one first) from group, unless a group is given.
 */
public final class UserResolver {
    /** A resolved user: ids, supplementary groups, and the home directory ({@code /} if unknown). */
    public record ResolvedUser(long uid, long gid, List<Long> additionalGids, String home) {
        public ResolvedUser {
            additionalGids = List.copyOf(additionalGids);
        }
    }

    private static final long MAX_FILE = 16 << 20;

    private UserResolver() {}

    /** Resolves {@code user} (empty: root) in {@code root} (files read inside the root only). */
    public static ResolvedUser resolve(Path root, String user) throws IOException {
        String spec = user == null || user.isEmpty() ? "0" : user;
        int colon = spec.indexOf(':');
        String userPart = colon < 0 ? spec : spec.substring(0, colon);
        String groupPart = colon < 0 ? null : spec.substring(colon + 1);
        List<String[]> passwd = read(root, "/etc/passwd");
        List<String[]> groups = read(root, "/etc/group");

        if (groupPart != null && isId(userPart) && isId(groupPart)) {
            // BuildKit's fast path: uid:gid given in full (root counts as 0) needs no passwd
            // (FROM scratch, distroless), gives no supplementary groups
            long uid = userPart.equals("root") ? 0 : Long.parseLong(userPart);
            long gid = groupPart.equals("root") ? 0 : Long.parseLong(groupPart);
            Optional<String[]> entry = find(passwd, userPart, 2);
            String home = entry.filter(f -> f.length > 5 && !f[5].isEmpty()).map(f -> f[5]).orElse("/");
            return new ResolvedUser(uid, gid, List.of(), home);
        }
        Optional<String[]> entry = find(passwd, userPart, 2);
        long uid;
        long gid;
        String name;
        String home;
        if (entry.isPresent()) {
            String[] f = entry.get();
            uid = Long.parseLong(f[2]);
            gid = f.length > 3 ? parseOr(f[3], 0) : 0;
            name = f[0];
            home = f.length > 5 && !f[5].isEmpty() ? f[5] : "/";
        } else if (isNumber(userPart)) {
            uid = Long.parseLong(userPart);
            gid = 0;
            name = null;
            home = "/";
        } else {
            throw new ExecException("unable to find user " + userPart + ": no matching entries in passwd file");
        }
        List<Long> additional = new ArrayList<>();
        if (groupPart != null && !groupPart.isEmpty()) {
            Optional<String[]> group = find(groups, groupPart, 2);
            if (group.isPresent()) {
                gid = Long.parseLong(group.get()[2]);
            } else if (isNumber(groupPart)) {
                gid = Long.parseLong(groupPart);
            } else {
                throw new ExecException("unable to find group " + groupPart + ": no matching entries in group file");
            }
        } else if (name != null) {
            additional.add(gid);
            for (String[] g : groups) {
                if (g.length > 3 && isNumber(g[2]) && List.of(g[3].split(",")).contains(name)) {
                    long id = Long.parseLong(g[2]);
                    if (id != gid && !additional.contains(id)) {
                        additional.add(id);
                    }
                }
            }
        }
        return new ResolvedUser(uid, gid, additional, home);
    }

    private static Optional<String[]> find(List<String[]> entries, String nameOrId, int idField) {
        for (String[] f : entries) {
            if (f[0].equals(nameOrId)) {
                return Optional.of(f);
            }
        }
        if (isNumber(nameOrId)) {
            for (String[] f : entries) {
                if (f.length > idField && f[idField].equals(nameOrId)) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    /** An earlier step controls these files: a huge one must not exhaust the builder's memory. */
    private static List<String[]> read(Path root, String file) throws IOException {
        List<String[]> result = new ArrayList<>();
        Path path = RootPath.resolve(root, file);
        String text;
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                return result;
            }
            if (attrs.size() > MAX_FILE) {
                throw new ExecException(file + " of the image is larger than " + (MAX_FILE >> 20) + " MiB: cannot look USER up in it");
            }
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                text = new String(in.readNBytes((int) MAX_FILE), StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            return result;
        }
        for (String line : text.split("\r\n|\r|\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(":", -1);
            if (fields.length >= 3 && isNumber(fields[2])) {
                result.add(fields);
            }
        }
        return result;
    }

    private static boolean isId(String s) {
        return s.equals("root") || isNumber(s) && Long.parseLong(s) <= 0xFFFFFFFFL;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 19 && s.chars().allMatch(Character::isDigit);
    }

    private static long parseOr(String s, long fallback) {
        return isNumber(s) ? Long.parseLong(s) : fallback;
    }
}
