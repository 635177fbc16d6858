package dev.strata.builder.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    static final String EMPTY = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesAndPrintsTheCanonicalForm() {
        Digest digest = Digest.parse(EMPTY);
        assertEquals("sha256", digest.algorithm());
        assertEquals(EMPTY, digest.toString());
        assertEquals("e3b0c44298fc", digest.shortHex());
        assertEquals(digest, Digest.ofBytes(new byte[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256", "sha256:", "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "md5:d41d8cd98f00b204e9800998ecf8427e", "sha256:e3b0c442", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"})
    void rejectsMalformedDigestsNamingThem(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Digest.parse(text));
        assertTrue(e.getMessage().contains("digest") || e.getMessage().contains("algorithm"), e.getMessage());
    }

    @Test
    void streamsHashAndCountWhatPassesThrough() throws Exception {
        byte[] data = "hello world\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DigestingOutputStream out = new DigestingOutputStream(sink);
        out.write(data, 0, 5);
        out.write(data[5]);
        out.write(data, 6, data.length - 6);
        assertEquals(data.length, out.count());
        assertEquals(Digest.ofBytes(data), out.digest());
        assertEquals("sha256:a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447", out.digest().toString());

        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data));
        assertEquals('h', in.read());
        in.skip(3);
        in.readAllBytes();
        assertEquals(data.length, in.count());
        assertEquals(Digest.ofBytes(data), in.digest());
    }
}
