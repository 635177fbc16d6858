package dev.strata.builder.tar;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * commons-compress's tar reader that also keeps the raw bytes of each entry's own PAX header:
 * commons-compress decodes PAX values as UTF-8, which turns the binary value of {@code
 * SCHILY.xattr.security.capability} (what {@code setcap} leaves, and Docker's layers keep) into
 * replacement characters. Only the first {@link #LIMIT} bytes of a header are kept. Not thread-safe.
 */
public final class RawPaxTarInputStream extends TarArchiveInputStream {
    public static final int LIMIT = 1 << 16;

    private final ByteArrayOutputStream pax = new ByteArrayOutputStream();
    private byte[] entryPax = new byte[0];
    private int depth;

    public RawPaxTarInputStream(InputStream tar) {
        super(tar, StandardCharsets.UTF_8.name());
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        TarArchiveEntry current = getCurrentEntry();
        if (n > 0 && depth > 0 && current != null && current.isPaxHeader() && pax.size() < LIMIT) {
            pax.write(buffer, offset, Math.min(n, LIMIT - pax.size()));
        }
        return n;
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        // commons-compress reads a PAX header's entry by calling this again: the outer call owns the bytes
        if (depth++ == 0) {
            pax.reset();
        }
        try {
            return super.getNextEntry();
        } finally {
            if (--depth == 0) {
                entryPax = pax.toByteArray();
                pax.reset();
            }
        }
    }

    /** The raw value of record {@code key} in the current entry's own PAX header, if it has one. */
    public Optional<byte[]> rawPaxValue(String key) {
        return value(entryPax, key.getBytes(StandardCharsets.UTF_8));
    }

    /** Finds {@code key} among {@code "<length> <key>=<value>\n"} records; empty if absent or malformed. */
    static Optional<byte[]> value(byte[] records, byte[] key) {
        int at = 0;
        while (at < records.length) {
            int length = 0;
            int i = at;
            for (; i < records.length && records[i] >= '0' && records[i] <= '9' && length < LIMIT; i++) {
                length = length * 10 + (records[i] - '0');
            }
            int end = at + length;
            if (i == at || i >= records.length || records[i] != ' ' || end > records.length || end <= i + 1
                    || records[end - 1] != '\n') {
                return Optional.empty();
            }
            int keyStart = i + 1;
            int keyEnd = keyStart + key.length;
            if (keyEnd < end && records[keyEnd] == '=' && Arrays.equals(records, keyStart, keyEnd, key, 0, key.length)) {
                return Optional.of(Arrays.copyOfRange(records, keyEnd + 1, end - 1));
            }
            at = end;
        }
        return Optional.empty();
    }
}
