package dev.strata.builder.rootfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Run by {@link UnprivilegedExtractTest} in a child JVM as uid 1000 (optionally inside a user
 * namespace): extracts layers into a store, opens a view of them, prints what it sees.
 * Arguments: storeRoot, then pairs of blob and diff ID hex, bottom layer first.
 */
public final class UnprivilegedExtractMain {
    private UnprivilegedExtractMain() {}

    public static void main(String[] args) throws Exception {
        LayerStore store = new LayerStore(Path.of(args[0]));
        List<Path> lowers = new java.util.ArrayList<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            lowers.add(0, store.extract(Path.of(args[i]), args[i + 1], w -> System.out.println("warning: " + w)));
        }
        System.out.println("keeps owners: " + store.keepsOwners());
        Path scratch = Files.createTempDirectory(Path.of(args[0]), "probe-");
        boolean overlay = OverlayMount.available(scratch, false);
        System.out.println("overlay: " + overlay);
        try (RootfsView view = RootfsView.open(lowers, Path.of(args[0]).resolve("tmp"), overlay, n -> System.out.println("note: " + n))) {
            Path root = view.root();
            System.out.println("app: " + Files.readString(root.resolve("home/app/notes")).strip());
            System.out.println("gone: " + Files.exists(root.resolve("etc/gone")));
            System.out.println("cache: " + String.join(",", Files.list(root.resolve("var/cache")).map(p -> p.getFileName().toString()).sorted().toList()));
            System.out.println("ro mode: " + Integer.toOctalString((Integer) Files.getAttribute(root.resolve("ro"), "unix:mode") & 07777));
        }
    }
}
