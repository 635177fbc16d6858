package dev.strata.builder.context.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A context tar is hostile input: nothing it holds may land outside the context, or cost without bound. */
class ContextTarTest {
    private static final FetchLimits LIMITS = new FetchLimits(1 << 20, Duration.ofSeconds(60), 1000);

    @TempDir
    Path tmp;

    /** Builds a tar: each call adds a member. Not thread-safe. */
    private static final class Tar {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final TarArchiveOutputStream out = new TarArchiveOutputStream(bytes);

        Tar() {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        Tar file(String name, String content, int mode) throws IOException {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(data.length);
            e.setMode(0100000 | mode);
            out.putArchiveEntry(e);
            out.write(data);
            out.closeArchiveEntry();
            return this;
        }

        Tar dir(String name) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
            e.setMode(040755);
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
            return this;
        }

        Tar link(String name, String target, byte type) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, type);
            e.setLinkName(target);
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
            return this;
        }

        byte[] done() throws IOException {
            out.close();
            return bytes.toByteArray();
        }
    }

    private Path extract(byte[] tar) throws IOException {
        Path dest = Files.createDirectories(tmp.resolve("ctx"));
        ContextTar.extract(new ByteArrayInputStream(tar), dest, "test.tar", LIMITS);
        return dest;
    }

    private String failure(byte[] tar) {
        return assertThrows(IOException.class, () -> extract(tar)).getMessage();
    }

    @Test
    void filesDirectoriesAndLinksLandInside() throws IOException {
        Path dest = extract(new Tar().dir("app").file("app/run.sh", "#!/bin/sh\n", 04755).file("/abs.txt", "a", 0644)
                .link("app/link", "run.sh", TarArchiveEntry.LF_SYMLINK).link("app/hard", "app/run.sh", TarArchiveEntry.LF_LINK).done());
        assertEquals("#!/bin/sh\n", Files.readString(dest.resolve("app/run.sh")));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("app/run.sh"))),
                "setuid dropped");
        assertEquals("a", Files.readString(dest.resolve("abs.txt")), "an absolute name lands inside");
        assertEquals(Path.of("run.sh"), Files.readSymbolicLink(dest.resolve("app/link")));
        assertEquals("#!/bin/sh\n", Files.readString(dest.resolve("app/hard")));
    }

    @Test
    void memberClimbingOutIsRefused() throws IOException {
        String message = failure(new Tar().file("../evil.txt", "x", 0644).done());
        assertEquals("build context test.tar: member \"../evil.txt\" points outside the context", message);
        assertFalse(Files.exists(tmp.resolve("evil.txt")));
    }

    @Test
    void memberBelowAPlantedSymlinkIsRefused() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        String message = failure(new Tar().link("esc", outside.toString(), TarArchiveEntry.LF_SYMLINK)
                .file("esc/pwned.txt", "x", 0644).done());
        assertTrue(message.contains("lies below the symbolic link \"esc\""), message);
        assertFalse(Files.exists(outside.resolve("pwned.txt")));
    }

    @Test
    void fileOverAPlantedSymlinkReplacesTheLinkNotItsTarget() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "safe");
        Path dest = extract(new Tar().link("f", victim.toString(), TarArchiveEntry.LF_SYMLINK).file("f", "overwritten", 0644).done());
        assertEquals("safe", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(dest.resolve("f")));
        assertEquals("overwritten", Files.readString(dest.resolve("f")));
    }

    @Test
    void hardLinkToOutsideIsRefused() throws IOException {
        Files.writeString(tmp.resolve("secret"), "s");
        String message = failure(new Tar().link("h", "../secret", TarArchiveEntry.LF_LINK).done());
        assertTrue(message.contains("points outside the context"), message);
        message = failure(new Tar().link("esc", tmp.toString(), TarArchiveEntry.LF_SYMLINK)
                .link("h", "esc/secret", TarArchiveEntry.LF_LINK).done());
        assertTrue(message.contains("symbolic link"), message);
    }

    @Test
    void decompressionBombStopsAtTheLimit() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(new GZIPOutputStream(gz))) {
            TarArchiveEntry e = new TarArchiveEntry("zeros");
            e.setSize(64L << 20);
            out.putArchiveEntry(e);
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(block);
            }
            out.closeArchiveEntry();
        }
        assertTrue(gz.size() < 1 << 20, "the bomb is small: " + gz.size());
        String message = failure(gz.toByteArray());
        assertEquals("build context test.tar: more than 1 MiB of files (raise -Dstrata.contextMaxBytes=BYTES)", message);
    }

    @Test
    void tooManyMembersAreRefused() throws IOException {
        Tar tar = new Tar();
        for (int i = 0; i < 1001; i++) {
            tar.dir("d" + i);
        }
        assertEquals("build context test.tar: more than 1000 members", failure(tar.done()));
    }

    @Test
    void truncatedTarIsNamed() throws IOException {
        byte[] tar = new Tar().file("a", "x".repeat(5000), 0644).done();
        byte[] cut = java.util.Arrays.copyOf(tar, 2048);
        String message = failure(cut);
        assertTrue(message.contains("ends early"), message);
        assertFalse(Files.exists(tmp.resolve("ctx/b"), LinkOption.NOFOLLOW_LINKS));
    }
}
