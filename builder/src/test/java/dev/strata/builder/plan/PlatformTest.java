package dev.strata.builder.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --platform} lists and the automatic platform args BuildKit derives from them. */
class PlatformTest {
    @Test
    void aListIsSplitNormalisedAndDeduplicated() {
        assertEquals(List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"), Platform.parse("linux/arm/v7")),
                Platform.parseList("linux/amd64,linux/arm64/v8,linux/x86_64,linux/arm"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Platform.parseList("linux/amd64,"));
        assertEquals("invalid platform list \"linux/amd64,\" (an empty entry; expected e.g. linux/amd64,linux/arm64)", e.getMessage());
    }

    @Test
    void automaticArgsAsBuildKitSetsThem() {
        Map<String, String> args = Platform.args(Platform.parse("linux/amd64"), Platform.parse("linux/arm/v7"));
        assertEquals(Map.of("BUILDPLATFORM", "linux/amd64", "BUILDOS", "linux", "BUILDARCH", "amd64", "BUILDVARIANT", "",
                "TARGETPLATFORM", "linux/arm/v7", "TARGETOS", "linux", "TARGETARCH", "arm", "TARGETVARIANT", "v7"), args);
    }
}
