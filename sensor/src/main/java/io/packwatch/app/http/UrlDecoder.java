package io.packwatch.app.http;

import io.packwatch.inspect.ObjectContext;
import io.packwatch.inspect.ObjectSink;

/**
 * Url-decodes a form body ({@code %XX}, {@code +}) on its way to the inspector, across any split of the bytes:
 * base64 in a form value arrives with {@code + / =} escaped, and only its decoded form is base64.
 */
final class UrlDecoder implements ObjectSink {
    private final ObjectSink downstream;
    private final byte[] buf = new byte[8192];
    private int n;
    /** 0 outside an escape, 1 after '%', 2 after '%' and one hex digit. */
    private int state;
    private int high;
    private byte firstDigit;

    UrlDecoder(ObjectSink downstream) {
        this.downstream = downstream;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            byte c = b[i];
            switch (state) {
                case 0 -> {
                    if (c == '%') {
                        state = 1;
                    } else {
                        put(c == '+' ? (byte) ' ' : c);
                    }
                }
                case 1 -> {
                    int d = Character.digit(c, 16);
                    if (d < 0) {
                        put((byte) '%');
                        state = 0;
                        i--; // look at it again outside the escape
                    } else {
                        high = d;
                        firstDigit = c;
                        state = 2;
                    }
                }
                default -> {
                    int d = Character.digit(c, 16);
                    state = 0;
                    if (d < 0) {
                        put((byte) '%');
                        put(firstDigit);
                        i--;
                    } else {
                        put((byte) (high << 4 | d));
                    }
                }
            }
        }
        flush();
    }

    private void put(byte c) {
        if (n == buf.length) {
            flush();
        }
        buf[n++] = c;
    }

    private void flush() {
        if (n > 0) {
            downstream.write(buf, 0, n);
            n = 0;
        }
    }

    @Override
    public void gap(long bytes) {
        state = 0;
        downstream.gap(bytes);
    }

    @Override
    public void truncate() {
        downstream.truncate();
    }

    @Override
    public void amend(ObjectContext context) {
        downstream.amend(context);
    }

    @Override
    public void close(long endNanos) {
        if (state >= 1) {
            put((byte) '%');
            if (state == 2) {
                put(firstDigit);
            }
            state = 0;
        }
        flush();
        downstream.close(endNanos);
    }
}
