package dev.strata.builder.context.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerIgnoreTest {

    @Test
    void readsLikeMobyIgnorefile() {
        String content = "test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n!\n! ";
        assertEquals(List.of("test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path", "!", "!"),
                DockerIgnore.parse(content));
    }

    @Test
    void cleansDotSlashAndDotDotAndDropsBom() {
        assertEquals(List.of("foo", "bar", "a/c", "x"),
                DockerIgnore.parse("\uFEFF./foo\r\nbar/\r\na/b/../c\n  x  \n"));
    }

    @Test
    void commentOnlyWhenHashIsFirst() {
        assertEquals(List.of("#not-comment"), DockerIgnore.parse("# comment\n  #not-comment\n"));
    }

    @Test
    void emptyFileMatchesNothing() {
        assertTrue(DockerIgnore.matcher(".dockerignore", "").isEmpty());
    }

    @Test
    void badPatternNamesTheFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DockerIgnore.matcher("app.Dockerfile.dockerignore", "ok\n[\n"));
        assertEquals("app.Dockerfile.dockerignore: syntax error in pattern \"[\"", e.getMessage());
        IllegalArgumentException bang = assertThrows(IllegalArgumentException.class,
                () -> DockerIgnore.matcher(".dockerignore", "!\n"));
        assertEquals(".dockerignore: illegal exclusion pattern: \"!\"", bang.getMessage());
    }
}
