package dev.strata.builder.attestation;

import dev.strata.builder.context.archive.ArchiveReader;
import dev.strata.builder.context.pattern.PathNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads the files an SBOM is made from out of an image's layers, straight from their tar streams
 * (nothing is extracted): the package databases and every Java archive, each as the top layer
 * leaves it (a whiteout in a later layer removes what an earlier one had). Everything is bounded:
 * a database above {@value #MAX_DATABASE} bytes or a Java archive above {@value #MAX_JAR} is
 * skipped, at most {@value #MAX_JARS} archives are looked at. Not thread-safe.
 */
final class ImageFiles {
    static final String DPKG_STATUS = "var/lib/dpkg/status";
    static final String APK_INSTALLED = "lib/apk/db/installed";
    static final String OS_RELEASE = "etc/os-release";
    static final String USR_OS_RELEASE = "usr/lib/os-release";
    static final int MAX_DATABASE = 64 << 20;
    static final long MAX_JAR = 512L << 20;
    static final int MAX_JARS = 10_000;

    /** What was found, by path (relative, clean); each value the packages or bytes of the last layer that had it. */
    private final Map<String, byte[]> databases = new TreeMap<>();
    private final Map<String, List<SoftwarePackage>> jars = new TreeMap<>();

    /** Scans the layers, bottom first (each a blob path: tar, plain or compressed). */
    static ImageFiles scan(List<Path> layers) throws IOException {
        ImageFiles files = new ImageFiles();
        for (Path layer : layers) {
            files.layer(layer);
        }
        return files;
    }

    private void layer(Path blob) throws IOException {
        // whiteouts hide what lower layers had, never what this layer adds (whatever the member order)
        java.util.Set<String> added = new java.util.HashSet<>();
        try (InputStream raw = ArchiveReader.open(blob); TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry e;
            while ((e = nextEntry(tar)) != null) {
                String path = PathNames.clean("/" + e.getName()).substring(1);
                String base = PathNames.base(path);
                String dir = PathNames.dir(path);
                if (base.equals(".wh..wh..opq")) {
                    String prefix = dir.equals(".") ? "" : dir + "/";
                    databases.keySet().removeIf(p -> p.startsWith(prefix) && !added.contains(p));
                    jars.keySet().removeIf(p -> p.startsWith(prefix) && !added.contains(p));
                    continue;
                }
                if (base.startsWith(".wh.")) {
                    String gone = (dir.equals(".") ? "" : dir + "/") + base.substring(4);
                    databases.keySet().removeIf(p -> (p.equals(gone) || p.startsWith(gone + "/")) && !added.contains(p));
                    jars.keySet().removeIf(p -> (p.equals(gone) || p.startsWith(gone + "/")) && !added.contains(p));
                    continue;
                }
                // a later entry of any kind at a path replaces what was there
                databases.remove(path);
                jars.remove(path);
                added.add(path);
                if (!e.isFile()) {
                    continue;
                }
                if (path.equals(DPKG_STATUS) || path.equals(APK_INSTALLED) || path.equals(OS_RELEASE) || path.equals(USR_OS_RELEASE)) {
                    if (e.getSize() <= MAX_DATABASE) {
                        databases.put(path, tar.readNBytes((int) e.getSize()));
                    }
                } else if (JarScanner.isJavaArchive(base) && e.getSize() <= MAX_JAR && jars.size() < MAX_JARS) {
                    jars.put(path, JarScanner.scan(tar, "/" + path));
                }
            }
        }
    }

    /** The next member; a layer without end blocks just ends (as Go's tar reader reads it). */
    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (java.io.EOFException e) {
            return null;
        }
    }

    byte[] database(String path) {
        return databases.get(path);
    }

    List<SoftwarePackage> javaPackages() {
        List<SoftwarePackage> all = new ArrayList<>();
        jars.values().forEach(all::addAll);
        return all;
    }
}
