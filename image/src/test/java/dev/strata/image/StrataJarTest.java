package dev.strata.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** What the shipped jar tells the JVM that starts it ({@code java -jar}, as ./strata and the image do). */
class StrataJarTest {

    @Test
    void theJarOpensTheJdksFileAttributesToStrata() throws IOException {
        // without it every lstat of a COPY walk goes through the "unix:" attribute view (UnixStat):
        // a cached rebuild of a 10,000-file context took ~60 ms longer
        try (JarFile jar = new JarFile(StrataImage.strataJar().toFile())) {
            assertEquals("java.base/sun.nio.fs", jar.getManifest().getMainAttributes().getValue("Add-Opens"));
        }
    }
}
