package dev.strata.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A seccomp profile that behaves like Docker's default (and Kubernetes' RuntimeDefault under
 * containerd) where it matters to a builder: mount, umount, unshare, setns, pivot_root, the new
 * mount API and clone with namespace flags are refused unless the container has CAP_SYS_ADMIN;
 * clone3 answers ENOSYS (so libcs fall back to clone); everything else is refused with EPERM.
 * Made at test time from podman's own default profile ({@code containers-common}), which allows
 * those calls: the namespace and mount calls are taken out of its allow-all rule and given back
 * only to CAP_SYS_ADMIN.
 */
final class DockerLikeSeccomp {
    private DockerLikeSeccomp() {}

    static final Path PODMAN_DEFAULT = Path.of("/usr/share/containers/seccomp.json");

    /** Syscalls Docker's profile allows only with CAP_SYS_ADMIN. */
    private static final Set<String> ADMIN_ONLY = Set.of("mount", "umount", "umount2", "unshare", "setns",
            "pivot_root", "fsconfig", "fsmount", "fsopen", "fspick", "open_tree", "move_mount", "mount_setattr",
            "clone", "clone3");
    /** Docker's profile allows these to nobody (keys are not namespaced). */
    private static final Set<String> REFUSED = Set.of("keyctl", "add_key", "request_key");
    /** CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET. */
    private static final long CLONE_NAMESPACE_FLAGS = 0x7E020000L;
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;

    static Path write(Path file) throws IOException {
        if (!Files.isRegularFile(PODMAN_DEFAULT)) {
            Sh.skipOrFail(PODMAN_DEFAULT + " is missing (podman's containers-common package installs it)");
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode profile = (ObjectNode) json.readTree(PODMAN_DEFAULT.toFile());
        profile.put("defaultAction", "SCMP_ACT_ERRNO");
        profile.put("defaultErrnoRet", EPERM);
        profile.put("defaultErrno", "EPERM"); // podman reads the name, other runtimes the number
        ArrayNode rules = (ArrayNode) profile.get("syscalls");
        for (JsonNode rule : rules) {
            if ("SCMP_ACT_ALLOW".equals(rule.path("action").asText()) && rule.path("includes").isEmpty()
                    && rule.path("args").isEmpty()) {
                ArrayNode names = (ArrayNode) rule.get("names");
                for (int i = names.size() - 1; i >= 0; i--) {
                    String name = names.get(i).asText();
                    if (ADMIN_ONLY.contains(name) || REFUSED.contains(name)) {
                        names.remove(i);
                    }
                }
            }
        }
        ObjectNode plainClone = rules.addObject();
        plainClone.putArray("names").add("clone");
        plainClone.put("action", "SCMP_ACT_ALLOW");
        ObjectNode flags = plainClone.putArray("args").addObject();
        flags.put("index", 0);
        flags.put("value", CLONE_NAMESPACE_FLAGS);
        flags.put("valueTwo", 0);
        flags.put("op", "SCMP_CMP_MASKED_EQ");
        plainClone.putObject("excludes").putArray("caps").add("CAP_SYS_ADMIN");

        ObjectNode clone3 = rules.addObject();
        clone3.putArray("names").add("clone3");
        clone3.put("action", "SCMP_ACT_ERRNO");
        clone3.put("errnoRet", ENOSYS);
        clone3.put("errno", "ENOSYS");
        clone3.putObject("excludes").putArray("caps").add("CAP_SYS_ADMIN");

        ObjectNode admin = rules.addObject();
        ArrayNode adminNames = admin.putArray("names");
        ADMIN_ONLY.stream().sorted().forEach(adminNames::add);
        admin.put("action", "SCMP_ACT_ALLOW");
        admin.putObject("includes").putArray("caps").add("CAP_SYS_ADMIN");

        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), profile);
        return file;
    }

    /** The calls the profile takes away from a container without CAP_SYS_ADMIN, for messages. */
    static List<String> adminOnly() {
        return ADMIN_ONLY.stream().sorted().toList();
    }
}
