package dev.strata.builder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.builder.api.Annotation.Place;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** buildx's --annotation spellings. */
class AnnotationTest {
    @Test
    void parses() {
        assertEquals(new Annotation(List.of(Place.MANIFEST), Optional.empty(), "org.opencontainers.image.source", "https://x/y:z"),
                Annotation.parse("org.opencontainers.image.source=https://x/y:z"));
        assertEquals(new Annotation(List.of(Place.INDEX, Place.MANIFEST), Optional.empty(), "a", "b=c"),
                Annotation.parse("index,manifest:a=b=c"));
        assertEquals(new Annotation(List.of(Place.MANIFEST_DESCRIPTOR), Optional.of("linux/arm64"), "k", ""),
                Annotation.parse("manifest-descriptor[linux/arm64]:k="));
        assertEquals(List.of(Place.INDEX_DESCRIPTOR), Annotation.parse("index-descriptor:k=v").places());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            novalue             | invalid annotation "novalue": expected KEY=VALUE
            =v                  | invalid annotation: empty key
            layer:k=v           | invalid annotation "layer:k=v": unknown place "layer" (manifest, index, manifest-descriptor or index-descriptor)
            manifest[:k=v       | invalid annotation "manifest[:k=v": expected PLACE[OS/ARCH]:KEY=VALUE
            """)
    void rejects(String spec, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Annotation.parse(spec)).getMessage());
    }
}
