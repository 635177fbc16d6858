package dev.strata.dockerfile.check;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a string is an image reference docker accepts ({@code reference.ParseNormalizedNamed}
 * of distribution/reference): {@code [domain/]path[:tag][@digest]}, path in lower case.
 */
final class ImageReference {
    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|-+)";
    private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String DOMAIN = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|" + IPV6
            + ")(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile("(?:" + DOMAIN + "/)?" + PATH_COMPONENT
            + "(?:/" + PATH_COMPONENT + ")*(?::" + TAG + ")?(?:@" + DIGEST + ")?");
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");
    private static final int NAME_MAX = 255;

    private ImageReference() {}

    static boolean isValid(String ref) {
        if (ref.isEmpty() || HEX64.matcher(ref).matches()) {
            return false;
        }
        // the part before the first slash is a domain only if it looks like one
        int slash = ref.indexOf('/');
        String remainder = ref;
        if (slash >= 0) {
            String first = ref.substring(0, slash);
            boolean domain = first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.toLowerCase(Locale.ROOT).equals(first);
            if (domain) {
                remainder = ref.substring(slash + 1);
            }
        }
        String name = remainder;
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        if (!name.toLowerCase(Locale.ROOT).equals(name)) {
            return false;
        }
        if (!REFERENCE.matcher(ref).matches()) {
            return false;
        }
        String fullName = ref;
        int cut = fullName.indexOf('@');
        if (cut >= 0) {
            fullName = fullName.substring(0, cut);
        }
        int tagColon = fullName.lastIndexOf(':');
        if (tagColon > fullName.lastIndexOf('/')) {
            fullName = fullName.substring(0, tagColon);
        }
        return fullName.length() <= NAME_MAX;
    }
}
