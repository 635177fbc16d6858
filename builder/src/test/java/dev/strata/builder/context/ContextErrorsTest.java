package dev.strata.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.testing.Command;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Context files Strata cannot copy: one line saying which, why and what to do. */
class ContextErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void aFileNameThatIsNotUtf8IsNamedNotReportedAsVanished() throws IOException {
        CopyFixture fx = new CopyFixture(tmp);
        fx.write("dir/ok.txt", "ok");
        Command.ok("sh", "-c", "printf x > \"$1/dir/bad$(printf '\\377').txt\"", "sh", fx.context.toString());
        CopyException e = assertThrows(CopyException.class, () -> fx.copy("/", "."));
        assertTrue(e.getMessage().matches("\"/dir/bad\\?\\.txt\" in (the )?build context: the file name is not valid [-A-Za-z0-9_]+;"
                + " Strata cannot copy it \\(rename it, or exclude it in \\.dockerignore\\)"), e.getMessage());
        fx.write(".dockerignore", "dir/bad*\n");
        assertTrue(fx.copy("/", ".").containsKey("dir/ok.txt"), "an ignored one is skipped");
    }

    @Test
    void reasonsSayWhatTheFileSystemSaid() {
        // Java puts the path in the message and the reason in the type
        assertEquals("/ctx/secret.txt: permission denied (make it readable, or exclude it in .dockerignore)",
                Reasons.describe(new AccessDeniedException("/ctx/secret.txt")));
        assertEquals("/ctx/x: no such file or directory", Reasons.describe(new java.nio.file.NoSuchFileException("/ctx/x")));
        assertEquals("/ctx/d: is a directory",
                Reasons.describe(new java.nio.file.FileSystemException("/ctx/d", null, "Is a directory")));
    }
}
