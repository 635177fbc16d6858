package dev.strata.builder.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LayerOrderTest {
    /** The order in its plainest form (how it was first written): segment by segment, whiteouts first among siblings. */
    private static int reference(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int endA = a.indexOf('/', i) < 0 ? a.length() : a.indexOf('/', i);
            int endB = b.indexOf('/', j) < 0 ? b.length() : b.indexOf('/', j);
            String x = a.substring(i, endA);
            String y = b.substring(j, endB);
            if (x.startsWith(".wh.") != y.startsWith(".wh.")) {
                return x.startsWith(".wh.") ? -1 : 1;
            }
            if (x.compareTo(y) != 0) {
                return x.compareTo(y);
            }
            i = endA + 1;
            j = endB + 1;
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    @Test
    void ordersNamesSegmentBySegmentWithWhiteoutsFirst() {
        Random random = new Random(12);
        String[] pieces = {"a", "b", "-", ".", ".wh.", ".wh..wh..opq", "wh", "/", "é", "Z", "ab"};
        List<String> names = new ArrayList<>(List.of("etc", "etc/", "etc/a", "etc-a", "etc/.wh.a", ".wh.etc", "a/b/c", "a/b-c", "a/b/.wh.c"));
        for (int i = 0; i < 400; i++) {
            StringBuilder name = new StringBuilder();
            for (int n = 1 + random.nextInt(6); n > 0; n--) {
                name.append(pieces[random.nextInt(pieces.length)]);
            }
            names.add(name.toString());
        }
        for (String a : names) {
            for (String b : names) {
                assertEquals(Integer.signum(reference(a, b)), Integer.signum(LayerOrder.NAMES.compare(a, b)), a + " vs " + b);
            }
        }
    }
}
