package dev.strata.builder.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Unknown JSON fields kept by the OCI records so a read-modify-write loses nothing. */
final class Extra {
    private Extra() {}

    static SortedMap<String, JsonNode> copy(Map<String, JsonNode> extra) {
        return extra == null || extra.isEmpty() ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(extra));
    }

    static <K, V> SortedMap<K, V> sorted(Map<K, V> map) {
        return map == null ? null : Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    static <T> java.util.List<T> list(java.util.List<T> list) {
        return list == null ? null : java.util.List.copyOf(list);
    }
}
