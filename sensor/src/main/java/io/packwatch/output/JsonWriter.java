package io.packwatch.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one JSON object at a time as UTF-8 bytes in a reusable buffer: nested objects, strings
 * escaped per RFC 8259, numbers and timestamps without boxing or intermediate strings. Records
 * are built field by field, never through a map, so writing one allocates nothing.
 */
public final class JsonWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private byte[] buf = new byte[1024];
    private int len;
    private boolean needComma;

    public JsonWriter begin() {
        len = 0;
        put('{');
        needComma = false;
        return this;
    }

    public JsonWriter object(String name) {
        key(name);
        put('{');
        needComma = false;
        return this;
    }

    public JsonWriter array(String name) {
        key(name);
        put('[');
        needComma = false;
        return this;
    }

    public JsonWriter endArray() {
        put(']');
        needComma = true;
        return this;
    }

    public JsonWriter end() {
        put('}');
        needComma = true;
        return this;
    }

    public JsonWriter field(String name, String value) {
        key(name);
        if (value == null) {
            ascii("null");
        } else {
            quote(value);
        }
        return this;
    }

    public JsonWriter field(String name, long value) {
        key(name);
        number(value);
        return this;
    }

    public JsonWriter field(String name, double value) {
        key(name);
        ascii(Double.isFinite(value) ? Double.toString(value) : "null");
        return this;
    }

    public JsonWriter field(String name, boolean value) {
        key(name);
        ascii(value ? "true" : "false");
        return this;
    }

    /** A nanosecond epoch timestamp as ISO-8601 UTC text (see {@link Timestamps}). */
    public JsonWriter timestamp(String name, long epochNanos) {
        key(name);
        put('"');
        ensure(32);
        len = Timestamps.write(epochNanos, buf, len);
        put('"');
        return this;
    }

    /** An element of the current array. */
    public JsonWriter value(String value) {
        comma();
        if (value == null) {
            ascii("null");
        } else {
            quote(value);
        }
        return this;
    }

    /** A number element of the current array. */
    public JsonWriter value(long value) {
        comma();
        number(value);
        return this;
    }

    /** A number element of the current array; NaN and infinities become null. */
    public JsonWriter value(double value) {
        comma();
        ascii(Double.isFinite(value) ? Double.toString(value) : "null");
        return this;
    }

    public JsonWriter value(boolean value) {
        comma();
        ascii(value ? "true" : "false");
        return this;
    }

    /** An object element of the current array; close it with {@link #end()}. */
    public JsonWriter objectValue() {
        comma();
        put('{');
        needComma = false;
        return this;
    }

    /** An array element of the current array; close it with {@link #endArray()}. */
    public JsonWriter arrayValue() {
        comma();
        put('[');
        needComma = false;
        return this;
    }

    /** Bytes written so far in this record. */
    public int length() {
        return len;
    }

    private void key(String name) {
        comma();
        quote(name);
        put(':');
    }

    private void comma() {
        if (needComma) {
            put(',');
        }
        needComma = true;
    }

    private void number(long v) {
        if (v == Long.MIN_VALUE) {
            ensure(MIN_LONG.length);
            System.arraycopy(MIN_LONG, 0, buf, len, MIN_LONG.length);
            len += MIN_LONG.length;
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void quote(String s) {
        put('"');
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                put(c);
                continue;
            }
            switch (c) {
                case '"':
                    ascii("\\\"");
                    break;
                case '\\':
                    ascii("\\\\");
                    break;
                case '\n':
                    ascii("\\n");
                    break;
                case '\r':
                    ascii("\\r");
                    break;
                case '\t':
                    ascii("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029) {
                        // Control characters, and the separators JavaScript parsers choke on.
                        ensure(6);
                        buf[len++] = '\\';
                        buf[len++] = 'u';
                        buf[len++] = HEX[(c >> 12) & 0xF];
                        buf[len++] = HEX[(c >> 8) & 0xF];
                        buf[len++] = HEX[(c >> 4) & 0xF];
                        buf[len++] = HEX[c & 0xF];
                    } else {
                        i = utf8(s, i);
                    }
            }
        }
        put('"');
    }

    /** Encodes the non-ASCII character at {@code i} (a surrogate pair counts as one); returns its last index. */
    private int utf8(String s, int i) {
        int cp = s.codePointAt(i);
        ensure(4);
        if (Character.isSurrogate(s.charAt(i)) && cp == s.charAt(i)) {
            cp = 0xFFFD; // a lone surrogate cannot be encoded: write the replacement character
        }
        if (cp < 0x800) {
            buf[len++] = (byte) (0xC0 | cp >> 6);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            buf[len++] = (byte) (0xE0 | cp >> 12);
            buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
        } else {
            buf[len++] = (byte) (0xF0 | cp >> 18);
            buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
            buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
            return i + 1;
        }
        return i;
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(int c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    /** Writes the finished record, without a newline. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    /** The finished record as UTF-8 bytes (a copy). */
    public byte[] toUtf8() {
        return Arrays.copyOf(buf, len);
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }
}
