package dev.strata.builder.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SBOM's packages come from the layers as the image shows them: databases, jars, whiteouts. */
class SbomTest {
    @TempDir
    Path tmp;

    private int layers;

    private Path layer(Map<String, byte[]> files) throws IOException {
        Path blob = tmp.resolve("layer" + (layers++) + ".tar.gz");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(blob)))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                out.putArchiveEntry(e);
                out.write(f.getValue());
                out.closeArchiveEntry();
            }
        }
        return blob;
    }

    static byte[] jar(Map<String, String> entries, Manifest manifest) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = manifest == null ? new JarOutputStream(bytes) : new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                jar.putNextEntry(new ZipEntry(e.getKey()));
                jar.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] pomJar(String group, String artifact, String version) throws IOException {
        return jar(Map.of("META-INF/maven/" + group + "/" + artifact + "/pom.properties",
                "groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n"), null);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void dpkgApkAndJavaArchivesAsTheTopLayerLeavesThem() throws IOException {
        Map<String, byte[]> base = new LinkedHashMap<>();
        base.put("etc/os-release", utf8("PRETTY_NAME=\"Debian GNU/Linux 12\"\nID=debian\n"));
        base.put("var/lib/dpkg/status", utf8("""
                Package: libc6
                Status: install ok installed
                Architecture: amd64
                Version: 2.36-9+deb12u4

                Package: removed-pkg
                Status: deinstall ok config-files
                Version: 1.0

                """));
        base.put("app/lib/old.jar", pomJar("org.old", "gone", "0.1"));
        base.put("app/lib/guava.jar", pomJar("com.google.guava", "guava", "33.0.0-jre"));
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, "plain-lib");
        mf.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "2.1");
        base.put("app/lib/plain.jar", jar(Map.of("x/Y.class", "cafebabe"), mf));
        Map<String, String> fat = new LinkedHashMap<>();
        fat.put("META-INF/maven/com.example/app/pom.properties", "groupId=com.example\nartifactId=app\nversion=1.0.0\n");
        Path bottom = layer(base);

        Map<String, byte[]> top = new LinkedHashMap<>();
        top.put("app/lib/.wh.old.jar", new byte[0]);
        ByteArrayOutputStream boot = new ByteArrayOutputStream();
        byte[] nested = pomJar("org.slf4j", "slf4j-api", "2.0.9");
        try (JarOutputStream jar = new JarOutputStream(boot)) {
            jar.putNextEntry(new ZipEntry("META-INF/maven/com.example/app/pom.properties"));
            jar.write(utf8("groupId=com.example\nartifactId=app\nversion=1.0.0\n"));
            jar.closeEntry();
            jar.putNextEntry(new ZipEntry("BOOT-INF/lib/slf4j-api-2.0.9.jar"));
            jar.write(nested);
            jar.closeEntry();
        }
        top.put("app.jar", boot.toByteArray());
        top.put("lib/apk/db/installed", utf8("C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\n\nP:busybox\nV:1.36.1-r15\nA:x86_64\n"));
        Path upper = layer(top);

        List<String> purls = Sbom.packages(List.of(bottom, upper)).stream().map(p -> p.purl() + " " + p.location()).sorted().toList();
        assertEquals(List.of(
                "pkg:apk/debian/busybox@1.36.1-r15?arch=x86_64 /lib/apk/db/installed",
                "pkg:apk/debian/musl@1.2.4-r2?arch=x86_64 /lib/apk/db/installed",
                "pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64 /var/lib/dpkg/status",
                "pkg:maven/com.example/app@1.0.0 /app.jar",
                "pkg:maven/com.google.guava/guava@33.0.0-jre /app/lib/guava.jar",
                "pkg:maven/org.slf4j/slf4j-api@2.0.9 /app.jar:BOOT-INF/lib/slf4j-api-2.0.9.jar",
                "pkg:maven/plain-lib@2.1 /app/lib/plain.jar"), purls);
    }

    @Test
    void opaqueDirectoryHidesWhatWasBelow() throws IOException {
        Path bottom = layer(Map.of("opt/a.jar", pomJar("g", "a", "1"), "opt/sub/b.jar", pomJar("g", "b", "1")));
        Path upper = layer(Map.of("opt/.wh..wh..opq", new byte[0], "opt/c.jar", pomJar("g", "c", "1")));
        List<String> names = Sbom.packages(List.of(bottom, upper)).stream().map(SoftwarePackage::name).toList();
        assertEquals(List.of("c"), names);
    }

    @Test
    void damagedJarAndHugeDatabaseAreSkippedNotFatal() throws IOException {
        byte[] broken = java.util.Arrays.copyOf(pomJar("g", "a", "1"), 30);
        Path l = layer(Map.of("broken.jar", broken, "notajar.jar", utf8("hello")));
        assertTrue(Sbom.packages(List.of(l)).isEmpty());
    }

    @Test
    void spdxDocumentNamesEveryPackageByPurl() {
        var doc = Sbom.spdx("app:1", "1970-01-01T00:00:00Z", "seed",
                List.of(new SoftwarePackage("deb", "debian", "bash", "5.2.15-2+b2", "amd64", "/var/lib/dpkg/status")));
        assertEquals("SPDX-2.3", doc.get("spdxVersion").asText());
        assertEquals("bash", doc.get("packages").get(0).get("name").asText());
        assertEquals("pkg:deb/debian/bash@5.2.15-2+b2?arch=amd64",
                doc.get("packages").get(0).get("externalRefs").get(0).get("referenceLocator").asText());
        assertEquals("DESCRIBES", doc.get("relationships").get(0).get("relationshipType").asText());
    }
}
