package dev.strata.builder.tar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encodes a PAX extended header ({@code "<len> <key>=<value>\n"} records). Values are raw
 * bytes so binary xattrs ({@code security.capability}) survive, which commons-compress's own
 * String-valued PAX headers cannot do.
 */
final class PaxHeaders {
    private PaxHeaders() {}

    /** Encodes {@code records} in iteration order (callers pass a sorted map). */
    static byte[] encode(Map<String, byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> record : records.entrySet()) {
            byte[] key = record.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = record.getValue();
            // length counts its own digits: grow until the total is stable
            int body = 1 + key.length + 1 + value.length + 1;
            int length = body + Integer.toString(body).length();
            if (Integer.toString(length).length() + body != length) {
                length = body + Integer.toString(length).length();
            }
            out.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
            out.write(' ');
            out.writeBytes(key);
            out.write('=');
            out.writeBytes(value);
            out.write('\n');
        }
        return out.toByteArray();
    }
}
