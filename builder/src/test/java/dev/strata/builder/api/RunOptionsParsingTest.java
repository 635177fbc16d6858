package dev.strata.builder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Docker's and buildx's spellings of --add-host, --ulimit, --shm-size and --allow. */
class RunOptionsParsingTest {
    @Test
    void addHosts() {
        assertEquals(new HostEntry("db", "10.0.0.5"), HostEntry.parse("db:10.0.0.5"));
        assertEquals(new HostEntry("db", "10.0.0.5"), HostEntry.parse("db=10.0.0.5"));
        assertEquals(new HostEntry("v6", "fd00::1"), HostEntry.parse("v6:fd00::1"), "the first colon ends the name");
        assertEquals(new HostEntry("v6", "::1"), HostEntry.parse("v6=[::1]"));
        assertEquals(new HostEntry("host.docker.internal", "host-gateway"), HostEntry.parse("host.docker.internal:host-gateway"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            db               | invalid --add-host "db": expected HOST:IP with an IP address (or host-gateway), e.g. db.internal:10.0.0.5
            :10.0.0.1        | invalid --add-host ":10.0.0.1": expected HOST:IP with an IP address (or host-gateway), e.g. db.internal:10.0.0.5
            db:example.com   | invalid --add-host "db:example.com": expected HOST:IP with an IP address (or host-gateway), e.g. db.internal:10.0.0.5
            db:300.0.0.1     | invalid --add-host "db:300.0.0.1": expected HOST:IP with an IP address (or host-gateway), e.g. db.internal:10.0.0.5
            'a b:10.0.0.1'   | invalid --add-host "a b:10.0.0.1": expected HOST:IP with an IP address (or host-gateway), e.g. db.internal:10.0.0.5
            """)
    void badAddHosts(String value, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> HostEntry.parse(value)).getMessage());
    }

    @Test
    void ulimits() {
        assertEquals(new Ulimit("nofile", 1024, 2048), Ulimit.parse("nofile=1024:2048"));
        assertEquals(new Ulimit("nproc", 64, 64), Ulimit.parse("nproc=64"));
        assertEquals(new Ulimit("core", -1, -1), Ulimit.parse("core=-1"));
        assertEquals(new Ulimit("stack", 8192, -1), Ulimit.parse("stack=8192:-1"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            nofile               | invalid ulimit argument: nofile (expected TYPE=SOFT[:HARD], e.g. nofile=1024:2048)
            files=10             | invalid ulimit type: files (one of core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack)
            nofile=2048:1024     | ulimit soft limit must be less than or equal to hard limit: 2048 > 1024
            nofile=-1:1024       | ulimit soft limit must be less than or equal to hard limit: -1 > 1024
            nofile=many          | invalid ulimit argument: nofile=many (limits are numbers, -1 for unlimited)
            """)
    void badUlimits(String value, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Ulimit.parse(value)).getMessage());
    }

    @Test
    void shmSizesAreDockersBinaryUnits() {
        assertEquals(64L << 20, RunOptions.parseSize("64m"));
        assertEquals(1L << 30, RunOptions.parseSize("1g"));
        assertEquals(1L << 30, RunOptions.parseSize("1GB"));
        assertEquals(1536L << 20, RunOptions.parseSize("1.5g"));
        assertEquals(4096, RunOptions.parseSize("4096"));
        assertEquals("invalid --shm-size \"lots\" (bytes, or e.g. 128m, 1g)",
                assertThrows(IllegalArgumentException.class, () -> RunOptions.parseSize("lots")).getMessage());
        assertEquals("invalid --shm-size \"0\": must be at least one byte",
                assertThrows(IllegalArgumentException.class, () -> RunOptions.parseSize("0")).getMessage());
    }

    @Test
    void entitlements() {
        assertEquals(Entitlement.NETWORK_HOST, Entitlement.parse("network.host"));
        assertEquals(Entitlement.SECURITY_INSECURE, Entitlement.parse("security.insecure"));
        assertEquals("invalid entitlement \"device\" for --allow (network.host or security.insecure)",
                assertThrows(IllegalArgumentException.class, () -> Entitlement.parse("device")).getMessage());
    }
}
