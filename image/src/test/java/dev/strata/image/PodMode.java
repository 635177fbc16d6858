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
    /** {@code runAsUser: 1000}, every capability dropped, no_new_privs, podman's seccomp profile. */
    P2("uid 1000:1000, --cap-drop=ALL, no-new-privileges");

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
            case P2 -> args.addAll(List.of("--user", "1000:1000", "--cap-drop=ALL", "--security-opt", "no-new-privileges"));
        }
        return args;
    }

    boolean root() {
        return this != P2;
    }
}
