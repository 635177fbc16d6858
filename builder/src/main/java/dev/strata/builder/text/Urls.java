package dev.strata.builder.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redacts the user information of URLs as BuildKit does ({@code urlutil.RedactCredentials}): a user
 * name and a password each become {@code xxxxx}, so {@code http://alice:pass@host/x} shows as
 * {@code http://xxxxx:xxxxx@host/x} and the reader still sees that credentials were given.
 */
public final class Urls {
    private Urls() {}

    private static final String MASK = "xxxxx";
    /** scheme://userinfo@ where the userinfo stays inside the authority (no /, ?, # or blank). */
    private static final Pattern USERINFO = Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://)([^/?#@\\s]*)@");

    /** {@code url} with its user information redacted; anything that is not such a URL as it is. */
    public static String redact(String url) {
        int[] range = userInfo(url);
        return range == null ? url : url.substring(0, range[0]) + mask(url.substring(range[0], range[1])) + url.substring(range[1]);
    }

    /** {@code url} without its user information ({@code http://host/x}), e.g. to send it elsewhere. */
    public static String withoutUserInfo(String url) {
        int[] range = userInfo(url);
        return range == null ? url : url.substring(0, range[0]) + url.substring(range[1] + 1);
    }

    /** The user information as written ({@code alice:pass}, percent-encoded), or null. */
    public static String userInfoOf(String url) {
        int[] range = userInfo(url);
        return range == null ? null : url.substring(range[0], range[1]);
    }

    /** [start, index of '@'] of the user information in the authority, or null. */
    private static int[] userInfo(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        if (scheme <= 0) {
            return null;
        }
        int start = scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        return at < start ? null : new int[] {start, at};
    }

    /** Every {@code scheme://user:password@} in free text (a message, a command line) redacted. */
    public static String redactAll(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        Matcher m = USERINFO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + mask(m.group(2)) + "@"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String mask(String userInfo) {
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        return (user.isEmpty() ? "" : MASK) + (colon < 0 ? "" : ":" + MASK);
    }
}
