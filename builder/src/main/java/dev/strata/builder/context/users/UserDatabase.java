package dev.strata.builder.context.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The users and groups of an image, parsed from the text of its {@code /etc/passwd} and
 * {@code /etc/group} (the engine reads them from the image being built). Resolves
 * {@code --chown} values the way BuildKit's file operations do. Immutable.
 */
public final class UserDatabase {

    private record Entry(String name, long id, long primaryGid) {
    }

    private final List<Entry> users;
    private final List<Entry> groups;
    private final boolean placeholders;

    private UserDatabase(List<Entry> users, List<Entry> groups, boolean placeholders) {
        this.users = List.copyOf(users);
        this.groups = List.copyOf(groups);
        this.placeholders = placeholders;
    }

    private UserDatabase(List<Entry> users, List<Entry> groups) {
        this(users, groups, false);
    }

    /**
     * Resolves every user and group name to id 0 (numbers stay numbers): for cache keys only,
     * where the parent key already fixes the image's users and the key holds the names as written,
     * so an unchanged rebuild need not read the image's /etc/passwd.
     */
    public static UserDatabase placeholders() {
        return new UserDatabase(List.of(), List.of(), true);
    }

    /** An image without /etc/passwd or /etc/group (e.g. FROM scratch): only numeric ids work. */
    public static UserDatabase empty() {
        return new UserDatabase(List.of(), List.of());
    }

    /**
     * Parses the two files; either may be null when the image lacks it. Malformed lines are
     * skipped, as libc and runc do.
     */
    public static UserDatabase parse(String passwd, String group) {
        List<Entry> users = new ArrayList<>();
        for (String[] f : lines(passwd)) {
            // name:password:uid:gid:gecos:home:shell
            if (f.length >= 4) {
                Optional<Long> uid = number(f[2]);
                Optional<Long> gid = number(f[3]);
                if (uid.isPresent() && gid.isPresent()) {
                    users.add(new Entry(f[0], uid.get(), gid.get()));
                }
            }
        }
        List<Entry> groups = new ArrayList<>();
        for (String[] f : lines(group)) {
            // name:password:gid:members
            if (f.length >= 3) {
                number(f[2]).ifPresent(gid -> groups.add(new Entry(f[0], gid, gid)));
            }
        }
        return new UserDatabase(users, groups);
    }

    /**
     * Resolves a {@code --chown} value: {@code user}, {@code user:group}, {@code uid:gid},
     * names or numbers in any mix. A user alone takes the user's primary group from
     * /etc/passwd; a numeric uid alone also becomes the gid, as in BuildKit. {@code root} is id 0
     * without a lookup, as BuildKit's LLB reads it, so {@code USER root} works in an image
     * without /etc/passwd.
     *
     * @throws IllegalArgumentException naming what could not be found
     */
    public Owner resolveChown(String chown) {
        if (chown.isEmpty()) {
            throw new IllegalArgumentException("--chown needs a user");
        }
        int colon = chown.indexOf(':');
        String user = colon < 0 ? chown : chown.substring(0, colon);
        Optional<String> group = colon < 0 ? Optional.empty() : Optional.of(chown.substring(colon + 1));
        long uid;
        long gid;
        if (user.isEmpty()) {
            throw new IllegalArgumentException("invalid --chown value \"" + chown + "\": the user is empty");
        }
        Optional<Long> numericUser = id(user);
        if (numericUser.isPresent()) {
            uid = numericUser.get();
            gid = uid;
        } else {
            Entry u = placeholders ? new Entry(user, 0, 0) : named(users, user).orElseThrow(
                    () -> new IllegalArgumentException("unable to find user " + user + ": no matching entries in passwd file"));
            uid = u.id();
            gid = u.primaryGid();
        }
        if (group.isPresent()) {
            String g = group.get();
            if (g.isEmpty()) {
                throw new IllegalArgumentException("invalid --chown value \"" + chown + "\": the group is empty");
            }
            Optional<Long> numericGroup = id(g);
            if (numericGroup.isPresent()) {
                gid = numericGroup.get();
            } else {
                gid = placeholders ? 0 : named(groups, g).orElseThrow(
                        () -> new IllegalArgumentException("unable to find group " + g + ": no matching entries in group file"))
                        .id();
            }
        }
        return new Owner(uid, gid);
    }

    /**
     * Resolves the USER a WORKDIR directory is made for, as BuildKit's file operation reads it:
     * {@code root} and numbers need no lookup (a uid alone is also the gid), a user name that
     * passwd lacks counts as 0:0 and a group name that group lacks keeps the gid the user gave.
     * Never fails: BuildKit's WORKDIR does not either (only a later RUN as that user does).
     */
    public Owner resolveLeniently(String spec) {
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        long uid = 0;
        long gid = 0;
        Optional<Long> numericUser = id(user);
        if (numericUser.isPresent()) {
            uid = numericUser.get();
            gid = uid;
        } else {
            Optional<Entry> u = named(users, user);
            if (u.isPresent()) {
                uid = u.get().id();
                gid = u.get().primaryGid();
            }
        }
        if (colon >= 0) {
            String group = spec.substring(colon + 1);
            Optional<Long> numericGroup = id(group);
            if (numericGroup.isPresent()) {
                gid = numericGroup.get();
            } else {
                gid = named(groups, group).map(Entry::id).orElse(gid);
            }
        }
        return new Owner(uid, gid);
    }

    private static List<String[]> lines(String text) {
        List<String[]> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            out.add(l.split(":", -1));
        }
        return out;
    }

    /** The first entry of that name, as getpwnam and getgrnam find it. */
    private static Optional<Entry> named(List<Entry> entries, String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    private static Optional<Long> id(String s) {
        return s.equals("root") ? Optional.of(0L) : number(s);
    }

    private static Optional<Long> number(String s) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        long v = Long.parseLong(s);
        return v <= 0xFFFFFFFFL ? Optional.of(v) : Optional.empty();
    }
}
