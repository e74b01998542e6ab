package io.packwatch.inspect.format;

import java.io.InputStream;

/**
 * An input stream over a byte range that remembers whether a read ran into its end, so a
 * decoder's failure can be told apart from input that simply stopped (a window, a truncated capture).
 */
public final class ByteSource extends InputStream {
    private byte[] b;
    private int start;
    private int end;
    private int pos;
    private boolean hitEnd;

    public ByteSource(byte[] b, int start, int end) {
        reset(b, start, end);
    }

    /** Points this source at another range, so one instance serves many decodes. */
    public ByteSource reset(byte[] b, int start, int end) {
        this.b = b;
        this.start = start;
        this.end = end;
        this.pos = start;
        this.hitEnd = false;
        return this;
    }

    /** Bytes read (or skipped) so far. */
    public long consumed() {
        return pos - start;
    }

    /** True once a read or skip asked for bytes past the end. */
    public boolean hitEnd() {
        return hitEnd;
    }

    @Override
    public int read() {
        if (pos >= end) {
            hitEnd = true;
            return -1;
        }
        return b[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] dst, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (pos >= end) {
            hitEnd = true;
            return -1;
        }
        int n = Math.min(len, end - pos);
        System.arraycopy(b, pos, dst, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long k = Math.max(0, Math.min(n, end - pos));
        if (k < n) {
            hitEnd = true;
        }
        pos += (int) k;
        return k;
    }

    @Override
    public int available() {
        return end - pos;
    }
}
