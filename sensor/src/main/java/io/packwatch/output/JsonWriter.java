package io.packwatch.output;

import java.nio.charset.StandardCharsets;

/**
 * Builds one JSON object at a time into a reusable buffer: nested objects, strings escaped per
 * RFC 8259, numbers without boxing. Records are built field by field, never through a map.
 */
public final class JsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder sb = new StringBuilder(1024);
    private boolean needComma;

    public JsonWriter begin() {
        sb.setLength(0);
        sb.append('{');
        needComma = false;
        return this;
    }

    public JsonWriter object(String name) {
        key(name);
        sb.append('{');
        needComma = false;
        return this;
    }

    public JsonWriter array(String name) {
        key(name);
        sb.append('[');
        needComma = false;
        return this;
    }

    public JsonWriter endArray() {
        sb.append(']');
        needComma = true;
        return this;
    }

    public JsonWriter end() {
        sb.append('}');
        needComma = true;
        return this;
    }

    public JsonWriter field(String name, String value) {
        key(name);
        if (value == null) {
            sb.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    public JsonWriter field(String name, long value) {
        key(name);
        sb.append(value);
        return this;
    }

    public JsonWriter field(String name, double value) {
        key(name);
        if (Double.isFinite(value)) {
            sb.append(value);
        } else {
            sb.append("null");
        }
        return this;
    }

    public JsonWriter field(String name, boolean value) {
        key(name);
        sb.append(value);
        return this;
    }

    /** An element of the current array. */
    public JsonWriter value(String value) {
        comma();
        quote(value);
        return this;
    }

    private void key(String name) {
        comma();
        quote(name);
        sb.append(':');
    }

    private void comma() {
        if (needComma) {
            sb.append(',');
        }
        needComma = true;
    }

    private void quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        // Control characters, and the separators JavaScript parsers choke on.
                        sb.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    /** The finished record as one line of UTF-8, without the newline. */
    public byte[] toUtf8() {
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
