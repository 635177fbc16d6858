package dev.strata.builder.attestation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Finds the Maven artifacts a Java archive holds, read as a stream: each
 * {@code META-INF/maven/GROUP/ARTIFACT/pom.properties}, and when there is none the jar manifest's
 * {@code Implementation-Title}/{@code Implementation-Version} (or {@code Bundle-SymbolicName}/
 * {@code Bundle-Version}); archives nested one level deep (Spring Boot's {@code BOOT-INF/lib},
 * a war's {@code WEB-INF/lib}) are read too. A damaged archive yields what was read before the damage.
 */
final class JarScanner {
    private static final int MAX_SMALL_FILE = 1 << 20;
    private static final int MAX_ENTRIES = 200_000;

    private JarScanner() {}

    static boolean isJavaArchive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".jar") || lower.endsWith(".war") || lower.endsWith(".ear");
    }

    /** The artifacts in the archive read from {@code in} (left open), found at {@code location}. */
    static List<SoftwarePackage> scan(InputStream in, String location) {
        List<SoftwarePackage> found = new ArrayList<>();
        scan(in, location, 0, found);
        return found;
    }

    private static void scan(InputStream in, String location, int depth, List<SoftwarePackage> found) {
        List<SoftwarePackage> poms = new ArrayList<>();
        Manifest manifest = null;
        ZipInputStream zip = new ZipInputStream(new NonClosing(in));
        try {
            ZipEntry entry;
            int entries = 0;
            while ((entry = zip.getNextEntry()) != null && ++entries <= MAX_ENTRIES) {
                String name = entry.getName();
                if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    p.load(new ByteArrayInputStream(zip.readNBytes(MAX_SMALL_FILE)));
                    String group = p.getProperty("groupId", "").strip();
                    String artifact = p.getProperty("artifactId", "").strip();
                    if (!artifact.isEmpty()) {
                        poms.add(new SoftwarePackage("maven", group, artifact, p.getProperty("version", "").strip(), "", location));
                    }
                } else if (name.equals("META-INF/MANIFEST.MF")) {
                    manifest = new Manifest(new ByteArrayInputStream(zip.readNBytes(MAX_SMALL_FILE)));
                } else if (depth == 0 && isJavaArchive(name) && !entry.isDirectory()) {
                    scan(zip, location + ":" + name, depth + 1, found);
                }
            }
        } catch (ZipException | IllegalArgumentException e) {
            // a damaged archive: keep what was read
        } catch (IOException e) {
            // the same for a stream that broke inside the archive
        }
        if (!poms.isEmpty()) {
            found.addAll(poms);
        } else if (manifest != null) {
            fromManifest(manifest, location).ifPresent(found::add);
        }
    }

    private static java.util.Optional<SoftwarePackage> fromManifest(Manifest manifest, String location) {
        Attributes a = manifest.getMainAttributes();
        String name = first(a, "Implementation-Title", "Bundle-SymbolicName", "Bundle-Name");
        String version = first(a, "Implementation-Version", "Bundle-Version");
        if (name.isEmpty()) {
            return java.util.Optional.empty();
        }
        int semicolon = name.indexOf(';'); // Bundle-SymbolicName: x;singleton:=true
        if (semicolon > 0) {
            name = name.substring(0, semicolon).strip();
        }
        String group = a.getValue("Implementation-Vendor-Id") == null ? "" : a.getValue("Implementation-Vendor-Id").strip();
        return java.util.Optional.of(new SoftwarePackage("maven", group, name, version, "", location));
    }

    private static String first(Attributes a, String... keys) {
        for (String k : keys) {
            String v = a.getValue(k);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return "";
    }

    /** Lets a nested ZipInputStream end without closing the stream it reads (the outer archive, the layer). */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
