package dev.strata.builder.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code --add-host HOST:IP} (or {@code HOST=IP}): a line {@code IP<tab>HOST} in every RUN's
 * {@code /etc/hosts}, as BuildKit writes it. {@code IP} may be {@code host-gateway}: the builder's
 * own host as a RUN reaches it (see {@link #HOST_GATEWAY}).
 */
public record HostEntry(String host, String ip) {
    /** The value BuildKit replaces by the address of the host the build runs on. */
    public static final String HOST_GATEWAY = "host-gateway";
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.-]+");

    public HostEntry {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ip, "ip");
    }

    /**
     * Parses {@code HOST:IP} or {@code HOST=IP} as buildx does (the first {@code =}, else the first
     * {@code :}; an IPv6 address may be written in brackets); the address must be a literal.
     */
    public static HostEntry parse(String value) {
        int cut = value.indexOf('=');
        if (cut < 0) {
            cut = value.indexOf(':');
        }
        String host = cut < 0 ? "" : value.substring(0, cut);
        String ip = cut < 0 ? "" : value.substring(cut + 1);
        if (ip.length() > 2 && ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        if (host.isEmpty() || ip.isEmpty() || !HOST.matcher(host).matches()
                || !(ip.equals(HOST_GATEWAY) || IPV4.matcher(ip).matches() || isIpv6(ip))) {
            throw new IllegalArgumentException("invalid --add-host \"" + value + "\": expected HOST:IP with an IP address"
                    + " (or host-gateway), e.g. db.internal:10.0.0.5");
        }
        return new HostEntry(host, ip);
    }

    private static boolean isIpv6(String ip) {
        if (!IPV6.matcher(ip).matches() || ip.chars().filter(c -> c == ':').count() < 2) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(ip) instanceof java.net.Inet6Address; // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
