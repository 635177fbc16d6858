package dev.strata.builder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BuildKit's spellings of -o, --build-context and --secret. */
class SpecParsingTest {
    @Test
    void outputs() {
        OutputSpec archive = OutputSpec.parse("type=oci,dest=/tmp/a.tar");
        assertEquals(OutputSpec.Type.OCI, archive.type());
        assertEquals(Optional.of(Path.of("/tmp/a.tar")), archive.dest());
        OutputSpec layout = OutputSpec.parse("type=oci,dest=/tmp/dir,tar=false,name=app:1");
        assertFalse(layout.tar());
        assertEquals(Optional.of("app:1"), layout.name());
        assertEquals(OutputSpec.Type.DOCKER, OutputSpec.parse("type=docker,dest=x.tar").type());
        assertEquals(OutputSpec.Type.REGISTRY, OutputSpec.parse("type=registry").type());
        // buildx's shorthands and CSV quoting
        assertEquals(new OutputSpec(OutputSpec.Type.LOCAL, Optional.of(Path.of("out")), true, java.util.List.of(), false, Optional.empty()),
                OutputSpec.parse("out"));
        OutputSpec stdout = OutputSpec.parse("-");
        assertEquals(OutputSpec.Type.TAR, stdout.type());
        assertTrue(stdout.toStdout());
        assertTrue(OutputSpec.parse("type=oci,dest=-").toStdout());
        OutputSpec image = OutputSpec.parse("type=image,\"name=r/a:1,r/b:2\",push=true");
        assertEquals(java.util.List.of("r/a:1", "r/b:2"), image.names());
        assertTrue(image.pushes());
        assertFalse(OutputSpec.parse("type=image,name=r/a:1").pushes());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            dest=x.tar                   | invalid output "dest=x.tar": type= is required (local, tar, oci, docker, image or registry)
            type=cacheonly               | unsupported output type "cacheonly" (supported: local, tar, oci, docker, image, registry)
            type=local                   | output type=local needs dest=PATH
            type=local,dest=-            | output type=local writes a directory, not standard output (use type=tar,dest=-)
            type=image,dest=x            | output type=image takes no dest=
            type=tar,dest=x,push=true    | push=true applies to type=image only
            'type=image,"name=a,b'       | invalid output "type=image,"name=a,b": unterminated quote
            type=oci                     | output type=oci needs dest=PATH
            type=docker,dest=x,tar=false | output type=docker is always a tar archive (drop tar=false)
            type=oci,dest=x,colour=red   | unsupported output attribute "colour" in "type=oci,dest=x,colour=red"
            type=oci,dest=x,tar=maybe    | invalid value "maybe" for tar (true or false)
            """)
    void badOutputs(String spec, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> OutputSpec.parse(spec)).getMessage());
    }

    @Test
    void namedContexts() {
        assertEquals(new NamedContext.OciLayout(Path.of("/l"), Optional.of("1.0")),
                NamedContext.parse("base=oci-layout:///l:1.0").source());
        String digest = "sha256:" + "a".repeat(64);
        assertEquals(new NamedContext.OciLayout(Path.of("/l"), Optional.of(digest)),
                NamedContext.parse("base=oci-layout:///l@" + digest).source());
        assertEquals(new NamedContext.OciLayout(Path.of("/l"), Optional.empty()), NamedContext.parse("b=oci-layout:///l").source());
        assertEquals(new NamedContext.Directory(Path.of("/some/dir")), NamedContext.parse("files=/some/dir").source());
        assertEquals(new NamedContext.Image("alpine"), NamedContext.parse("x=docker-image://alpine").source());
        assertThrows(IllegalArgumentException.class, () -> NamedContext.parse("x=docker-image://bad ref!"));
        assertEquals(new NamedContext.Remote(new RemoteSource.Git("https://h/r.git#v1:d")), NamedContext.parse("src=https://h/r.git#v1:d").source());
        assertEquals(new NamedContext.Remote(new RemoteSource.Git("git@h:r.git")), NamedContext.parse("src=git@h:r.git").source());
        assertEquals(new NamedContext.Remote(new RemoteSource.Url("https://h/f.tar.gz")), NamedContext.parse("f=https://h/f.tar.gz").source());
        assertThrows(IllegalArgumentException.class, () -> NamedContext.parse("x=target:build"));
        assertThrows(IllegalArgumentException.class, () -> NamedContext.parse("x=ftp://h/x"));
        assertThrows(IllegalArgumentException.class, () -> NamedContext.parse("=/dir"));
        assertThrows(IllegalArgumentException.class, () -> NamedContext.parse("x=oci-layout:///l@sha256:short"));
    }

    @Test
    void secrets() {
        SecretSpec file = SecretSpec.parse("id=tok,src=/run/tok");
        assertEquals(Optional.of(Path.of("/run/tok")), file.file());
        assertEquals(Optional.of("TOKEN"), SecretSpec.parse("id=tok,env=TOKEN").env());
        assertEquals(Optional.of("tok"), SecretSpec.parse("id=tok").env());
        assertThrows(IllegalArgumentException.class, () -> SecretSpec.parse("src=/x"));
    }

    @Test
    void sourceDateEpochAndTags() {
        assertEquals(Optional.empty(), BuildRequest.parseSourceDateEpoch("now"));
        assertEquals(Optional.of(java.time.Instant.ofEpochSecond(42)), BuildRequest.parseSourceDateEpoch("42"));
        assertThrows(IllegalArgumentException.class, () -> BuildRequest.parseSourceDateEpoch("-1"));
    }
}
