package dev.strata.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod security settings the image is run under, as podman arguments. podman 4.3's default
 * capability set lacks MKNOD, NET_RAW and AUDIT_WRITE; they are added so the root modes carry
 * Docker's (and containerd's, so a Kubernetes pod's) 14 default capabilities.
 */
enum PodMode {
    /** Root in the pod, Docker's 14 capabilities, podman's default seccomp profile (it allows unshare and mount). */
    P1("root, Docker's default capabilities, podman's seccomp profile"),
    /** P1 with a Docker-like seccomp profile: mount, unshare, setns and namespace clones need CAP_SYS_ADMIN. */
    P1M("root, Docker's default capabilities, Docker-like seccomp profile (RuntimeDefault)"),
    /** P1 with no_new_privs: a root pod with {@code allowPrivilegeEscalation: false}. */
    P1N("root, Docker's default capabilities, podman's seccomp profile, no-new-privileges"),
    /**
     * {@code hostUsers: false}: root in a user namespace of the pod's own, 65536 ids mapped from
     * 200000 on the host, Docker's 14 capabilities (counting only inside it), podman's seccomp profile.
     */
    P3("root in the pod's own user namespace (hostUsers: false), Docker's default capabilities"),
    /** {@code runAsUser: 1000}, every capability dropped, no_new_privs, podman's seccomp profile. */
    P2("uid 1000:1000, --cap-drop=ALL, no-new-privileges"),
    /**
     * {@code runAsUser: 1000} as Kubernetes runs it by default (privilege escalation allowed, Docker's
     * capabilities bounding): the image's /etc/subuid range for uid 1000 is mapped by newuidmap.
     */
    P2S("uid 1000:1000 with the image's /etc/subuid range, Docker's default capabilities bounding");

    final String description;

    PodMode(String description) {
        this.description = description;
    }

    List<String> podmanArgs(Path dockerLikeSeccomp) {
        List<String> args = new ArrayList<>();
        switch (this) {
            case P1 -> args.addAll(List.of("--cap-add", "MKNOD,NET_RAW,AUDIT_WRITE"));
            case P1M -> args.addAll(List.of("--cap-add", "MKNOD,NET_RAW,AUDIT_WRITE",
                    "--security-opt", "seccomp=" + dockerLikeSeccomp));
            case P1N -> args.addAll(List.of("--cap-add", "MKNOD,NET_RAW,AUDIT_WRITE",
                    "--security-opt", "no-new-privileges"));
            case P3 -> args.addAll(List.of("--cap-add", "MKNOD,NET_RAW,AUDIT_WRITE",
                    "--uidmap", "0:200000:65536", "--gidmap", "0:200000:65536"));
            case P2 -> args.addAll(List.of("--user", "1000:1000", "--cap-drop=ALL", "--security-opt", "no-new-privileges"));
            case P2S -> args.addAll(List.of("--user", "1000:1000", "--cap-add", "MKNOD,NET_RAW,AUDIT_WRITE"));
        }
        return args;
    }

    /** Whether RUN can use ids other than root's: all modes but P2, which maps only its user. */
    boolean mapsOtherIds() {
        return this != P2;
    }
}
