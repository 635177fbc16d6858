package dev.strata.dockerfile.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which expanded FROM names InvalidDefaultArgInFrom rejects, as distribution/reference does. */
class ImageReferenceTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "busybox|true",
        "busybox:1.36|true",
        "library/busybox:latest|true",
        "docker.io/library/busybox:1.36-musl|true",
        "localhost:5000/team/app:v1|true",
        "Registry.Example.com/app|true",
        "[::1]:5000/app|true",
        "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef|true",
        "my-app__x.y/z|true",
        "''|false",
        "busybox:|false",
        ":latest|false",
        "BusyBox|false",
        "team/App|false",
        "busybox:-tag|false",
        "a//b|false",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef|false",
        "busybox@sha256:short|false",
    })
    void acceptsWhatDockerAccepts(String ref, boolean valid) {
        assertEquals(valid, ImageReference.isValid(ref));
    }
}
