package dev.strata.builder.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One pack of a git repository, read by random access: the version 2 index finds an object's
 * offset, the pack gives its (possibly deltified) data. Sizes, offsets and delta chains are checked
 * and bounded; anything odd is an IOException. Not thread-safe.
 */
final class Pack implements AutoCloseable {
    private static final int OBJECT_LIMIT = 1 << 20;
    private static final int MAX_DEPTH = 50;

    record Obj(int type, byte[] data) {}

    private final FileChannel idx;
    private final FileChannel pack;
    private final int hashLength;
    private final long count;

    Pack(Path idxFile, Path packFile, int hashLength) throws IOException {
        this.idx = FileChannel.open(idxFile, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            this.pack = FileChannel.open(packFile, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            idx.close();
            throw e;
        }
        this.hashLength = hashLength;
        byte[] head = read(idx, 0, 8);
        if ((head[0] & 0xff) != 0xff || head[1] != 't' || head[2] != 'O' || head[3] != 'c' || readInt(head, 4) != 2) {
            close();
            throw new IOException(idxFile + ": not a version 2 pack index");
        }
        this.count = readInt(read(idx, 8 + 255 * 4, 4), 0) & 0xffffffffL;
        if (count * (hashLength + 8L) + 8 + 1024 > idx.size()) {
            close();
            throw new IOException(idxFile + ": index shorter than its object count");
        }
    }

    /** The pack offset of object {@code name}, or -1. */
    long find(byte[] name) throws IOException {
        int first = name[0] & 0xff;
        long lo = first == 0 ? 0 : readInt(read(idx, 8 + (first - 1) * 4L, 4), 0) & 0xffffffffL;
        long hi = readInt(read(idx, 8 + first * 4L, 4), 0) & 0xffffffffL;
        if (lo > hi || hi > count) {
            throw new IOException("corrupt pack index fan-out");
        }
        long namesAt = 8 + 1024;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            int cmp = Arrays.compareUnsigned(read(idx, namesAt + mid * hashLength, hashLength), name);
            if (cmp == 0) {
                long offsetsAt = namesAt + count * hashLength + count * 4;
                int small = readInt(read(idx, offsetsAt + mid * 4, 4), 0);
                if (small >= 0) {
                    return small;
                }
                long largeAt = offsetsAt + count * 4 + (long) (small & 0x7fffffff) * 8;
                return ByteBuffer.wrap(read(idx, largeAt, 8)).getLong();
            }
            if (cmp < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return -1;
    }

    /** The object at {@code offset}, deltas applied; null for a kind this reader does not know. */
    Obj read(long offset, int depth) throws IOException {
        if (depth > MAX_DEPTH || offset < 12 || offset >= pack.size()) {
            throw new IOException("bad pack offset or delta chain too deep");
        }
        byte[] head = read(pack, offset, (int) Math.min(32 + hashLength, pack.size() - offset));
        int pos = 0;
        int c = head[pos++] & 0xff;
        int type = (c >> 4) & 7;
        long size = c & 15;
        int shift = 4;
        while ((c & 0x80) != 0) {
            if (pos >= head.length || shift > 56) {
                throw new IOException("bad pack object header");
            }
            c = head[pos++] & 0xff;
            size |= (long) (c & 0x7f) << shift;
            shift += 7;
        }
        if (size > OBJECT_LIMIT) {
            throw new IOException("pack object too large");
        }
        if (type >= 1 && type <= 4) {
            return new Obj(type, inflate(offset + pos, (int) size));
        }
        if (type == 6) {
            c = head[pos++] & 0xff;
            long back = c & 0x7f;
            while ((c & 0x80) != 0) {
                if (pos >= head.length || back > (1L << 48)) {
                    throw new IOException("bad delta offset");
                }
                c = head[pos++] & 0xff;
                back = ((back + 1) << 7) | (c & 0x7f);
            }
            Obj base = read(offset - back, depth + 1);
            return base == null ? null : new Obj(base.type(), applyDelta(base.data(), inflate(offset + pos, (int) size)));
        }
        if (type == 7) {
            byte[] baseName = Arrays.copyOfRange(head, pos, pos + hashLength);
            long baseOffset = find(baseName);
            if (baseOffset < 0) {
                return null;
            }
            Obj base = read(baseOffset, depth + 1);
            return base == null ? null : new Obj(base.type(), applyDelta(base.data(), inflate(offset + pos + hashLength, (int) size)));
        }
        return null;
    }

    private byte[] inflate(long at, int size) throws IOException {
        Inflater inflater = new Inflater();
        try {
            byte[] out = new byte[size];
            int produced = 0;
            long position = at;
            ByteBuffer chunk = ByteBuffer.allocate(8192);
            long budget = (long) OBJECT_LIMIT * 2;
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    chunk.clear();
                    int n = pack.read(chunk, position);
                    if (n <= 0 || (budget -= n) < 0) {
                        throw new IOException("truncated pack object");
                    }
                    position += n;
                    inflater.setInput(chunk.array(), 0, n);
                }
                if (produced == size) {
                    byte[] probe = new byte[1];
                    if (inflater.inflate(probe) > 0) {
                        throw new IOException("pack object larger than declared");
                    }
                    if (inflater.needsDictionary()) {
                        throw new IOException("corrupt pack object");
                    }
                    continue;
                }
                int n = inflater.inflate(out, produced, size - produced);
                if (n == 0 && inflater.needsDictionary()) {
                    throw new IOException("corrupt pack object");
                }
                produced += n;
            }
            if (produced != size) {
                throw new IOException("pack object shorter than declared");
            }
            return out;
        } catch (DataFormatException e) {
            throw new IOException("corrupt pack object", e);
        } finally {
            inflater.end();
        }
    }

    static byte[] applyDelta(byte[] base, byte[] delta) throws IOException {
        int[] pos = {0};
        long srcSize = varint(delta, pos);
        long dstSize = varint(delta, pos);
        if (srcSize != base.length || dstSize > OBJECT_LIMIT) {
            throw new IOException("delta does not fit its base");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) dstSize);
        while (pos[0] < delta.length) {
            int op = delta[pos[0]++] & 0xff;
            if ((op & 0x80) != 0) {
                long off = 0;
                long len = 0;
                for (int i = 0; i < 4; i++) {
                    if ((op & (1 << i)) != 0) {
                        off |= (long) (next(delta, pos) & 0xff) << (8 * i);
                    }
                }
                for (int i = 0; i < 3; i++) {
                    if ((op & (0x10 << i)) != 0) {
                        len |= (long) (next(delta, pos) & 0xff) << (8 * i);
                    }
                }
                if (len == 0) {
                    len = 0x10000;
                }
                if (off + len > base.length || out.size() + len > dstSize) {
                    throw new IOException("delta copies outside its base");
                }
                out.write(base, (int) off, (int) len);
            } else if (op != 0) {
                if (pos[0] + op > delta.length || out.size() + op > dstSize) {
                    throw new IOException("delta inserts past its end");
                }
                out.write(delta, pos[0], op);
                pos[0] += op;
            } else {
                throw new IOException("bad delta opcode");
            }
        }
        if (out.size() != dstSize) {
            throw new IOException("delta result has the wrong size");
        }
        return out.toByteArray();
    }

    private static byte next(byte[] b, int[] pos) throws IOException {
        if (pos[0] >= b.length) {
            throw new IOException("truncated delta");
        }
        return b[pos[0]++];
    }

    private static long varint(byte[] b, int[] pos) throws IOException {
        long value = 0;
        int shift = 0;
        int c;
        do {
            c = next(b, pos) & 0xff;
            value |= (long) (c & 0x7f) << shift;
            shift += 7;
            if (shift > 56) {
                throw new IOException("bad delta size");
            }
        } while ((c & 0x80) != 0);
        return value;
    }

    private static byte[] read(FileChannel channel, long at, int length) throws IOException {
        if (at < 0 || length < 0 || at + length > channel.size()) {
            throw new IOException("read past the end of a pack file");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, at + buffer.position()) < 0) {
                throw new IOException("pack file shrank");
            }
        }
        return buffer.array();
    }

    private static int readInt(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 4).getInt();
    }

    @Override
    public void close() throws IOException {
        try {
            idx.close();
        } finally {
            if (pack != null) {
                pack.close();
            }
        }
    }
}
