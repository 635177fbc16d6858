package dev.strata.builder.engine;

import dev.strata.builder.api.BuildException;
import java.util.Locale;

/** Image names as the store records them: a name without tag or digest gets {@code :latest}. */
final class ImageNames {
    private ImageNames() {}

    static String storeName(String tag) {
        String t = tag.trim();
        int at = t.indexOf('@');
        int slash = t.lastIndexOf('/');
        int colon = t.lastIndexOf(':');
        String repo = at >= 0 ? t.substring(0, at) : colon > slash ? t.substring(0, colon) : t;
        if (repo.isEmpty() || t.chars().anyMatch(c -> c <= ' ') || !repo.equals(repo.toLowerCase(Locale.ROOT))
                || (colon > slash && at < 0 && colon == t.length() - 1)) {
            throw new BuildException("invalid tag \"" + tag + "\": expected [registry/]name[:tag] with a lowercase name");
        }
        if (at >= 0 || colon > slash) {
            return t;
        }
        return t + ":latest";
    }
}
