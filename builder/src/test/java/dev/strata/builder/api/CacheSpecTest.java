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
            host:5000/app:cache                             | host:5000/app:cache
            """)
    void parses(String spec, String ref) {
        assertEquals(new CacheSpec(ref), CacheSpec.parse(spec));
    }

    @org.junit.jupiter.api.Test
    void localAndMin() {
        assertEquals(new CacheSpec(CacheSpec.Type.REGISTRY, "host/app", "latest", true), CacheSpec.parse("ref=host/app,type=registry,mode=min"));
        assertEquals(new CacheSpec(CacheSpec.Type.LOCAL, "/c", "latest", false), CacheSpec.parse("type=local,src=/c"));
        assertEquals(new CacheSpec(CacheSpec.Type.LOCAL, "/c", "v1", true), CacheSpec.parse("type=local,dest=/c,mode=min,tag=v1"));
        assertEquals(java.util.Optional.of(java.nio.file.Path.of("/c")), CacheSpec.parse("type=local,dest=/c").directory());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            type=gha                             | unsupported cache type "gha" in "type=gha" (supported: registry, local)
            type=local                           | invalid cache "type=local": type=local needs src=DIR (--cache-from) or dest=DIR (--cache-to)
            type=local,src=a,dest=b              | invalid cache "type=local,src=a,dest=b": give src= (--cache-from) or dest= (--cache-to), not both
            type=local,dest=a,tag=../x           | invalid cache tag "../x"
            type=registry                        | invalid cache "type=registry": ref= is required
            type=registry,ref=a/b,mode=all       | invalid cache mode "all" (min or max)
            type=registry,ref=a/b,compression=x  | unsupported cache attribute "compression" in "type=registry,ref=a/b,compression=x"
            type=registry,oops                   | invalid cache "type=registry,oops": expected key=value pairs such as type=registry,ref=host/repo:cache
            """)
    void rejects(String spec, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> CacheSpec.parse(spec)).getMessage());
    }
}
