package dev.strata.builder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheSpecTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            type=registry,ref=host:5000/app:cache           | host:5000/app:cache
            type=registry,ref=host/app:cache,mode=max       | host/app:cache
            ref=host/app,type=registry,mode=min             | host/app
            host:5000/app:cache                             | host:5000/app:cache
            """)
    void parses(String spec, String ref) {
        assertEquals(new CacheSpec(ref), CacheSpec.parse(spec));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            type=local,src=dir                   | unsupported cache type "local" in "type=local,src=dir" (supported: registry)
            type=registry                        | invalid cache "type=registry": ref= is required
            type=registry,ref=a/b,mode=all       | invalid cache mode "all" (min or max)
            type=registry,ref=a/b,compression=x  | unsupported cache attribute "compression" in "type=registry,ref=a/b,compression=x"
            type=registry,oops                   | invalid cache "type=registry,oops": expected key=value pairs such as type=registry,ref=host/repo:cache
            """)
    void rejects(String spec, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> CacheSpec.parse(spec)).getMessage());
    }
}
