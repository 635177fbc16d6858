package dev.strata.builder.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.builder.hash.Digest;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    static final String DOCUMENT = "{\"text\":\"tab\\t quote\\\" slash/ \\u0001 é 日本 \\ud83d\\ude00\",\"int\":-7,"
            + "\"long\":9007199254740993,\"big\":123456789012345678901234567890,\"double\":1.5,\"exp\":2.0E-7,"
            + "\"yes\":true,\"no\":false,\"none\":null,\"empty\":{},\"list\":[],\"nested\":[{\"b\":1,\"a\":[null,[{}]]}]}";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTreeIsReadAndWrittenExactlyAsDatabindDoesIt() throws IOException {
        ObjectMapper databind = new ObjectMapper();
        JsonNode ours = Json.parse(utf8(DOCUMENT));
        JsonNode theirs = databind.readTree(DOCUMENT);
        assertEquals(theirs, ours);
        assertEquals(new String(databind.writeValueAsBytes(theirs), StandardCharsets.UTF_8), new String(Json.bytes(ours), StandardCharsets.UTF_8));
        assertEquals(ours, Json.parse(Json.bytes(ours)));
        // members keep their order, as written
        assertEquals(List.of("b", "a"), iterate(ours.get("nested").get(0).fieldNames()));
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void onlyTheFirstValueIsRead() throws IOException {
        assertEquals(Json.parse(utf8("{\"a\":1}")), Json.parse(utf8("{\"a\":1} {\"b\":2}")));
        assertEquals("x", Json.parse(utf8("\"x\"")).textValue());
    }

    @Test
    void whatIsNotJsonIsAnError() {
        for (String bad : List.of("", "   ", "{\"a\":", "{\"a\" 1}", "[1,]x", "{'a':1}", "tru")) {
            assertThrows(IOException.class, () -> Json.parse(utf8(bad)), bad);
        }
    }

    @Test
    void deepNestingIsRefusedWithoutExhaustingTheStack() {
        byte[] deep = utf8("[".repeat(100_000) + "]".repeat(100_000));
        IOException e = assertThrows(IOException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("depth"), e.getMessage());
    }

    @Test
    void plainDataBecomesTheTreeItsBytesParseTo() throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("s", "v");
        data.put("i", 3);
        data.put("l", 5_000_000_000L);
        data.put("small long", 5L);
        data.put("b", true);
        data.put("n", null);
        data.put("d", 0.25);
        data.put("big", new BigInteger("18446744073709551615"));
        data.put("list", List.of("a", List.of(1, 2)));
        data.put("map", Map.of("k", "v"));
        data.put("digest", Digest.ofBytes(new byte[0]));
        data.put("enum", java.time.DayOfWeek.MONDAY);
        JsonNode tree = Json.tree(data);
        assertEquals(new ObjectMapper().valueToTree(Map.of("x", 5L)).get("x"), Json.tree(Map.of("x", 5L)).get("x"));
        assertEquals("{\"s\":\"v\",\"i\":3,\"l\":5000000000,\"small long\":5,\"b\":true,\"n\":null,\"d\":0.25,"
                + "\"big\":18446744073709551615,\"list\":[\"a\",[1,2]],\"map\":{\"k\":\"v\"},\"digest\":\"" + Digest.ofBytes(new byte[0])
                + "\",\"enum\":\"MONDAY\"}", new String(Json.bytes(tree), StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> Json.tree(Map.of("x", new Object())));
    }
}
