package dev.strata.builder.registry;

import java.util.Locale;
import java.util.Set;

/** Which registries may be reached over plain HTTP or unverified TLS: loopback ones and the insecure set. */
final class HostPolicy {
    private HostPolicy() {}

    static boolean allowsInsecure(String registry, Set<String> insecureRegistries) {
        String host = registry.toLowerCase(Locale.ROOT);
        String hostOnly = stripPort(host);
        return isLoopback(hostOnly) || insecureRegistries.contains(host) || insecureRegistries.contains(hostOnly);
    }

    static String stripPort(String registry) {
        if (registry.startsWith("[")) {
            int close = registry.indexOf(']');
            return close < 0 ? registry : registry.substring(0, close + 1);
        }
        int colon = registry.lastIndexOf(':');
        return colon < 0 ? registry : registry.substring(0, colon);
    }

    /** {@code localhost}, {@code 127.0.0.0/8}, {@code [::1]}: decided by the text, never by DNS. */
    static boolean isLoopback(String host) {
        if (host.equals("localhost") || host.equals("[::1]") || host.equals("[0:0:0:0:0:0:0:1]")) {
            return true;
        }
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("[0-9]{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
