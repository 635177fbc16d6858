package dev.strata.dockerfile.check;

import dev.strata.dockerfile.model.SourceLocation;
import java.util.Arrays;
import java.util.Locale;

/**
 * ExposeProtoCasing and ExposeInvalidFormat on one expanded EXPOSE word, split as BuildKit's
 * {@code convert_expose.go} does: {@code [ip:][hostPort:]containerPort[/proto]}. A word BuildKit
 * rejects outright (no port, unknown protocol) is left to the build's error.
 */
final class ExposeCheck {
    private ExposeCheck() {}

    static void check(String rawPort, SourceLocation at, Reporter reporter) {
        String[] parts = rawPort.split(":", -1);
        int n = parts.length;
        String ip = n >= 3 ? String.join(":", Arrays.copyOfRange(parts, 0, n - 2)) : "";
        String hostPort = n >= 2 ? parts[n - 2] : "";
        String containerPort = parts[n - 1];
        int slash = containerPort.indexOf('/');
        String port = slash < 0 ? containerPort : containerPort.substring(0, slash);
        String proto = slash < 0 ? "" : containerPort.substring(slash + 1);
        if (port.isEmpty()) {
            return;
        }
        String lower = proto.toLowerCase(Locale.ROOT);
        if (!lower.isEmpty() && !lower.equals("tcp") && !lower.equals("udp") && !lower.equals("sctp")) {
            return;
        }
        if (!proto.equals(lower)) {
            reporter.report(CheckRule.EXPOSE_PROTO_CASING, at,
                    "Defined protocol '" + rawPort + "' in EXPOSE instruction should be lowercase");
        }
        if (!ip.isEmpty() || !hostPort.isEmpty()) {
            reporter.report(CheckRule.EXPOSE_INVALID_FORMAT, at,
                    "EXPOSE instruction should not define an IP address or host-port mapping, found '" + rawPort + "'");
        }
    }
}
