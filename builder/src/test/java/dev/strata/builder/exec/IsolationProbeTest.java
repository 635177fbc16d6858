package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The isolation decision from observed facts: the pods of issue 10, this machine, and the refusals. */
class IsolationProbeTest {
    static final long ALL_CAPS = (1L << 41) - 1;
    /** Docker's 14 default capabilities. */
    static final long DOCKER_CAPS = bits(0, 1, 3, 4, 5, 6, 7, 8, 10, 13, 18, 27, 29, 31);
    static final String UNSHARE_EPERM = "unshare: unshare failed: Operation not permitted";
    static final Optional<String> POD = Optional.of("/run/.containerenv");

    static long bits(int... caps) {
        long mask = 0;
        for (int c : caps) {
            mask |= 1L << c;
        }
        return mask;
    }

    static String auto(HostFacts facts) throws ExecException {
        return IsolationProbe.decide(facts, Optional.empty()).describe();
    }

    static String refusal(HostFacts facts, Optional<Isolation> asked) {
        return assertThrows(ExecException.class, () -> IsolationProbe.decide(facts, asked)).getMessage();
    }

    @Test
    void rootWithEveryCapabilityAndWritableCgroupsGetsOci() throws ExecException {
        HostFacts here = new HostFacts(0, ALL_CAPS, Optional.empty(), true, true, true, "", true, true, false, true);
        assertEquals("oci (root with CAP_SYS_ADMIN, cgroups writable)", auto(here));
        assertEquals("oci (root with CAP_SYS_ADMIN, cgroups writable)",
                auto(new HostFacts(0, ALL_CAPS, Optional.of("/.dockerenv"), true, true, false, UNSHARE_EPERM, false, true, false, true)));
    }

    @Test
    void aDefaultPodGetsUserNamespaces() throws ExecException {
        HostFacts p1 = new HostFacts(0, DOCKER_CAPS, POD, true, false, true, "", false, true, true, true);
        assertEquals("userns (cgroups read-only, no CAP_SYS_ADMIN)", auto(p1));
        assertTrue(p1.mapsAllIds());
        HostFacts p2 = new HostFacts(1000, 0, POD, true, false, true, "", false, true, true, true);
        assertEquals("userns (cgroups read-only, not root; only uid 1000 is mapped, as root:"
                + " other ids fail in RUN (give this user /etc/subuid and /etc/subgid ranges for more))", auto(p2));
        assertTrue(!p2.mapsAllIds());
    }

    @Test
    void rootOfAUserNamespaceOtherThanTheMachinesGetsUsernsEvenWithWritableCgroups() throws ExecException {
        HostFacts restarted = new HostFacts(0, ALL_CAPS, Optional.empty(), true, true, true, "", true, true, false, false);
        assertEquals("userns (in a user namespace)", auto(restarted));
        assertTrue(restarted.mapsAllIds());
    }

    @Test
    void aPodWhoseSeccompProfileRefusesUnshareGetsChrootAndSaysSo() throws ExecException {
        HostFacts p1m = new HostFacts(0, DOCKER_CAPS, POD, true, false, false, UNSHARE_EPERM, false, true, true, true);
        assertEquals("chroot (user namespaces refused: " + UNSHARE_EPERM
                + "; no namespaces: only as isolated as the container (/run/.containerenv))", auto(p1m));
        HostFacts noRunc = new HostFacts(0, DOCKER_CAPS, POD, false, false, true, "", false, true, true, true);
        assertEquals("chroot (no runc found; no namespaces: only as isolated as the container (/run/.containerenv))",
                auto(noRunc));
    }

    @Test
    void whenNothingWorksOneLineNamesWhatIsMissingAndThePodSetting() {
        HostFacts p2m = new HostFacts(1000, 0, POD, true, false, false, UNSHARE_EPERM, false, true, true, true);
        assertEquals("no RUN isolation works in this container: user namespaces refused: " + UNSHARE_EPERM
                + ", and chroot needs root (runAsUser: 0), CAP_SYS_CHROOT, CAP_SETUID, CAP_SETGID;"
                + " allow unshare: securityContext.seccompProfile.type: Unconfined (or a profile allowing unshare and mount),"
                + " or give the container CAP_SYS_ADMIN, ideally with hostUsers: false", refusal(p2m, Optional.empty()));
        HostFacts sysctl = new HostFacts(1000, 0, POD, true, false, false, "unshare: unshare failed: No space left on device",
                false, true, false, true);
        assertTrue(refusal(sysctl, Optional.empty()).endsWith("enable user namespaces (sysctl user.max_user_namespaces > 0)"
                + " or run the pod with hostUsers: false and CAP_SYS_ADMIN"));
    }

    @Test
    void outsideAContainerAutoNeverFallsToChroot() {
        HostFacts noRunc = new HostFacts(0, ALL_CAPS, Optional.empty(), false, true, true, "", true, true, false, true);
        assertEquals("no OCI runtime found and this is not a container: install runc (or pass --runtime PATH),"
                + " or pass --isolation chroot knowingly (RUN then has no namespaces: it can reach this machine)",
                refusal(noRunc, Optional.empty()));
        HostFacts locked = new HostFacts(1000, 0, Optional.empty(), true, false, false, UNSHARE_EPERM, false, true, false, true);
        assertEquals("RUN cannot be isolated here (cgroups read-only, not root; user namespaces: " + UNSHARE_EPERM
                + "): run as root with CAP_SYS_ADMIN, allow user namespaces, or pass --isolation chroot knowingly"
                + " (RUN then has no namespaces: it can reach this machine)", refusal(locked, Optional.empty()));
    }

    @Test
    void anAskedModeIsUsedOrRefusedWithItsReason() throws ExecException {
        HostFacts noRunc = new HostFacts(0, ALL_CAPS, Optional.empty(), false, true, true, "", true, true, false, true);
        assertEquals("chroot (--isolation chroot; no namespaces: only as isolated as this machine)",
                IsolationProbe.decide(noRunc, Optional.of(Isolation.CHROOT)).describe());
        assertEquals("no OCI runtime found (install runc, pass --runtime PATH, or use --isolation userns or chroot)",
                refusal(noRunc, Optional.of(Isolation.OCI)));
        HostFacts p1m = new HostFacts(0, DOCKER_CAPS, POD, true, false, false, UNSHARE_EPERM, false, true, true, true);
        assertTrue(refusal(p1m, Optional.of(Isolation.USERNS)).startsWith(
                "--isolation userns: user namespaces are refused here (" + UNSHARE_EPERM + "); allow unshare:"));
        assertEquals("userns (--isolation userns)",
                IsolationProbe.decide(new HostFacts(0, ALL_CAPS, Optional.empty(), true, true, true, "", true, true, false, true),
                        Optional.of(Isolation.USERNS)).describe());
    }

    @Test
    void observesThisMachine(@TempDir Path scratch) throws Exception {
        HostFacts facts = IsolationProbe.observe(true, scratch);
        System.out.println("facts here: " + facts);
        if (facts.root()) {
            assertTrue(facts.has(HostFacts.CAP_SYS_ADMIN), facts.toString());
            assertTrue(facts.userns(), "root can make a user namespace here: " + facts);
            assertTrue(facts.mapsAllIds());
        }
    }
}
