package dev.strata.builder.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files made through native calls and through the JDK's come out the same, down to their atime. */
class LayerExtractorTest {
    @TempDir
    Path temp;

    private static byte[] layer() throws IOException {
        return new LayerTar()
                .dir("./", 0755)
                .dir("usr", 0755)
                .dir("usr/bin", 0755)
                .dir("home", 0755)
                .dir("home/app", 0700)
                .dir("etc", 0755)
                .file("usr/bin/tool", 04755, 0, 0, "binary")
                .file("usr/bin/open", 0777, "o")
                .file("none", 0000, "n")
                .file("home/app/notes", 0600, 1000, 1001, "hello")
                .file("setgid", 02755, 0, 50, "g")
                .symlink("usr/bin/link", "/usr/bin/tool")
                .hardlink("usr/bin/tool2", "usr/bin/tool")
                .xattrFile("etc/x", "user.origin", "test", "x")
                .file("big", 0644, "0123456789abcdef".repeat(40_000)) // more than one 256 KiB write
                .file("empty", 0644, "")
                .dir("ro", 0555)
                .file("ro/inside", 0444, "x")
                .bytes();
    }

    private Path extract(String name, boolean nativeCalls) throws IOException {
        Path dir = Files.createDirectory(temp.resolve(name));
        Files.setAttribute(dir, "unix:mode", 0755);
        new LayerExtractor(dir, w -> {}, nativeCalls).extract(new ByteArrayInputStream(layer()));
        return dir;
    }

    /** Everything a layer keeps of each entry, by relative path; read without opening a file (their atimes stay). */
    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> result = new TreeMap<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.toList();
        }
        for (Path p : paths) {
            Map<String, Object> unix = Files.readAttributes(p, "unix:mode,uid,gid,size,nlink,lastModifiedTime,lastAccessTime",
                    LinkOption.NOFOLLOW_LINKS);
            // listing a directory reads it, so its atime is the walk's
            String atime = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "" : " atime " + unix.get("lastAccessTime");
            String link = Files.isSymbolicLink(p) ? " -> " + Files.readSymbolicLink(p) : "";
            List<String> xattrs = new ArrayList<>();
            for (Map.Entry<String, byte[]> x : Xattrs.userXattrs(p).entrySet()) {
                xattrs.add(x.getKey() + "=" + Arrays.toString(x.getValue()));
            }
            result.put(root.relativize(p).toString(), Integer.toOctalString((Integer) unix.get("mode")) + " " + unix.get("uid")
                    + ":" + unix.get("gid") + " size " + unix.get("size") + " links " + unix.get("nlink") + " mtime "
                    + unix.get("lastModifiedTime") + atime + link + " " + xattrs);
        }
        return result;
    }

    @Test
    void nativeCallsAndTheJdkMakeTheSameTree() throws IOException {
        Path viaNative = extract("native", true);
        Path viaJdk = extract("jdk", false);
        Map<String, String> expected = describe(viaJdk);
        assertEquals(expected, describe(viaNative));
        assertTrue(expected.get("usr/bin/tool").startsWith("104755 0:0"), expected.get("usr/bin/tool"));
        assertTrue(expected.get("setgid").startsWith("102755 0:50"), expected.get("setgid"));
        assertTrue(expected.get("usr/bin/open").startsWith("100777 "), expected.get("usr/bin/open"));
        assertTrue(expected.get("ro").startsWith("40555 "), expected.get("ro"));
        assertTrue(expected.get("usr/bin/tool2").contains(" links 2 "), expected.get("usr/bin/tool2"));
        for (Path dir : List.of(viaNative, viaJdk)) {
            assertEquals("0123456789abcdef".repeat(40_000), Files.readString(dir.resolve("big")));
            assertEquals("hello", Files.readString(dir.resolve("home/app/notes")));
        }
    }

    @Test
    void refusesATargetThatIsNotEmpty() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("used"));
        Files.writeString(dir.resolve("left-over"), "x");
        assertThrows(IllegalArgumentException.class, () -> new LayerExtractor(dir, w -> {}, true));
        assertFalse(Files.exists(dir.resolve(".strata-probe")));
    }

    @Test
    void keepsFileCapabilitiesAndBinaryXattrsByteForByte() throws IOException {
        // what `setcap cap_net_raw+ep` leaves (v2, effective): Debian's /bin/ping has it
        byte[] capability = {0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x80, 0x0a};
        Map<String, byte[]> records = new java.util.LinkedHashMap<>();
        records.put("SCHILY.xattr.security.capability", capability);
        records.put("SCHILY.xattr.user.blob", binary);
        byte[] tar = new LayerTar()
                .fileWithRawPax("bin/ping", records, "elf")
                .file("bin/after", 0644, "a")
                .bytes();
        Path dir = Files.createDirectory(temp.resolve("caps"));
        Files.setAttribute(dir, "unix:mode", 0755);
        List<String> warnings = new ArrayList<>();
        new LayerExtractor(dir, warnings::add, true).extract(new ByteArrayInputStream(tar));

        Path ping = dir.resolve("bin/ping");
        assertEquals("elf", Files.readString(ping));
        assertEquals(Arrays.toString(binary), Arrays.toString(Xattrs.userXattrs(ping).get("user.blob")));
        assertEquals(Map.of(), Xattrs.userXattrs(dir.resolve("bin/after")), "a header is its own entry's only");
        if (isRoot()) {
            assertEquals(Arrays.toString(capability),
                    Arrays.toString(FileCapability.read(ping, id -> true).orElse(new byte[0])));
            assertEquals(List.of(), warnings);
        } else {
            assertEquals(List.of("file capabilities of \"bin/ping\" not kept (setting it is not permitted here)"), warnings);
        }
        assertTrue(FileCapability.read(dir.resolve("bin/after"), id -> true).isEmpty());
    }

    private static boolean isRoot() throws IOException {
        Path probe = Files.createTempFile("owner", "");
        try {
            return ((Number) Files.getAttribute(probe, "unix:uid")).intValue() == 0;
        } finally {
            Files.delete(probe);
        }
    }
}
