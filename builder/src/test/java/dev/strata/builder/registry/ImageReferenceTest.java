package dev.strata.builder.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cases from distribution's reference/normalize_test.go (TestParseRepositoryInfo and friends). */
class ImageReferenceTest {
    private static final String D = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ubuntu                                  | docker.io/library/ubuntu:latest
            redis:latest                            | docker.io/library/redis:latest
            docker.io/library/redis:latest          | docker.io/library/redis:latest
            dmcgowan/myapp                          | docker.io/dmcgowan/myapp:latest
            docker.io/mcgowan/myapp:latest          | docker.io/mcgowan/myapp:latest
            fooo/bar                                | docker.io/fooo/bar:latest
            index.docker.io/fooo/bar                | docker.io/fooo/bar:latest
            library/ubuntu                          | docker.io/library/ubuntu:latest
            nonlibrary/ubuntu                       | docker.io/nonlibrary/ubuntu:latest
            other/library                           | docker.io/other/library:latest
            127.0.0.1:8000/private/moonbase         | 127.0.0.1:8000/private/moonbase:latest
            127.0.0.1:8000/privatebase              | 127.0.0.1:8000/privatebase:latest
            example.com/private/moonbase            | example.com/private/moonbase:latest
            example.com:8000/privatebasee           | example.com:8000/privatebasee:latest
            ubuntu-12.04-base                       | docker.io/library/ubuntu-12.04-base:latest
            index.docker.io/library/ubuntu-12.04-base | docker.io/library/ubuntu-12.04-base:latest
            docker.io/foo                           | docker.io/library/foo:latest
            library/foo/bar                         | docker.io/library/foo/bar:latest
            store/foo/bar                           | docker.io/store/foo/bar:latest
            test_com/foo                            | docker.io/test_com/foo:latest
            test-com:8080/foo                       | test-com:8080/foo:latest
            xn--n3h.com:18080/foo                   | xn--n3h.com:18080/foo:latest
            localhost/x                             | localhost/x:latest
            localhost:5000/team/app:1.0             | localhost:5000/team/app:1.0
            [::1]:5000/app:v2                       | [::1]:5000/app:v2
            Foo/bar                                 | Foo/bar:latest
            docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a | docker.io/library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a:latest
            thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev | docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest
            docker---rules/docker                   | docker.io/docker---rules/docker:latest
            dock__er/docker                         | docker.io/dock__er/docker:latest
            d/docker                                | docker.io/d/docker:latest
            """)
    void normalises(String input, String canonical) {
        assertEquals(canonical, ImageReference.parse(input).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            redis@DIGEST                            | docker.io/library/redis@DIGEST
            dmcgowan/myapp@DIGEST                   | docker.io/dmcgowan/myapp@DIGEST
            busybox:latest@DIGEST                   | docker.io/library/busybox:latest@DIGEST
            127.0.0.1:5000/app:1.0@DIGEST           | 127.0.0.1:5000/app:1.0@DIGEST
            """)
    void keepsDigestsAndTags(String input, String canonical) {
        ImageReference ref = ImageReference.parse(input.replace("DIGEST", D));
        assertEquals(canonical.replace("DIGEST", D), ref.toString());
        assertEquals(D, ref.qualifier());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            test.com/foo                | test.com     | foo
            docker/migrator             | docker.io    | docker/migrator
            foo                         | docker.io    | library/foo
            docker.io/library/foo/bar   | docker.io    | library/foo/bar
            127.0.0.1:5000/app          | 127.0.0.1:5000 | app
            """)
    void splitsRegistryAndRepository(String input, String registry, String repository) {
        ImageReference ref = ImageReference.parse(input);
        assertEquals(registry, ref.registry());
        assertEquals(repository, ref.repository());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            https://github.com/docker/docker   | invalid registry host "https:"
            docker/Docker                      | repository name must be lowercase
            docker.io/docker/Docker            | repository name must be lowercase
            -docker                            | invalid repository name component "-docker"
            -docker/docker                     | invalid repository name component "-docker"
            -docker.io/docker/docker           | invalid registry host "-docker.io"
            docker///docker                    | empty path component in repository name "docker///docker"
            docker.io/docker///docker          | empty path component
            1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a | cannot specify 64-byte hexadecimal strings
            docker-/docker                     | invalid repository name component "docker-"
            ____/____                          | invalid repository name component "____"
            _docker/_docker                    | invalid repository name component "_docker"
            dock..er/docker                    | invalid registry host "dock..er"
            dock_.er/docker                    | invalid registry host "dock_.er"
            dock..er                           | invalid repository name component "dock..er"
            docker/                            | empty path component
            busybox:-foo                       | invalid tag "-foo"
            busybox:a/b                        | invalid registry host "busybox:a"
            team/busybox:a:b                   | invalid repository name component "busybox:a"
            busybox@foo                        | invalid digest "foo"
            busybox@sha256:abc                 | invalid digest "sha256:abc"
            ''                                 | repository name must have at least one component
            [fc00::1%eth0]:5000/debian         | invalid registry host "[fc00::1%eth0]:5000"
            """)
    void rejectsWithAClearMessage(String input, String reason) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
        assertEquals(true, e.getMessage().startsWith("invalid image reference \"" + input + "\": "), e.getMessage());
        assertEquals(true, e.getMessage().contains(reason), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 300})
    void rejectsNamesLongerThan255(int length) {
        String name = "a".repeat(length - "docker.io/library/".length());
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(name));
        assertEquals(true, e.getMessage().endsWith("repository name must not be more than 255 characters"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a!",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"})
    void pathologicalInputFailsFast(String input) {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
    }

    @org.junit.jupiter.api.Test
    void apiHostOfDockerHub() {
        assertEquals("registry-1.docker.io", ImageReference.parse("ubuntu").apiHost());
        assertEquals("localhost:5000", ImageReference.parse("localhost:5000/x").apiHost());
        assertEquals("docker.io/library/ubuntu:22.04", ImageReference.parse("ubuntu").withTag("22.04").toString());
    }

    @org.junit.jupiter.api.Test
    void theConstructorValidatesToo() {
        assertThrows(InvalidReferenceException.class, () -> new ImageReference("..", "x", "latest", null));
        assertThrows(InvalidReferenceException.class, () -> new ImageReference("host", "../../etc", "latest", null));
        assertThrows(InvalidReferenceException.class, () -> new ImageReference("host", "app", "../x", null));
        assertEquals("host:5000/app:1", new ImageReference("host:5000", "app", "1", null).toString());
    }
}
