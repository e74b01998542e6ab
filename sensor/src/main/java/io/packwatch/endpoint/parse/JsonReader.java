package io.packwatch.endpoint.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for one message: objects become {@link LinkedHashMap}s, arrays {@link ArrayList}s,
 * strings and numbers {@link String}s (numbers as written, so 64-bit ids and {@code 0x} values survive),
 * true/false {@link Boolean}s, null {@link #NULL}. Bounded: nesting deeper than {@code maxDepth} or more
 * than {@code maxValues} values stop it. It never throws: a bad document returns null and {@link #error()}
 * names why ({@code unbalanced} for a truncated one, {@code too_deep}, {@code too_many_values}, {@code syntax}).
 * Not thread-safe; reuse one per parser.
 */
final class JsonReader {
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final int maxDepth;
    private final int maxValues;
    private final StringBuilder buf = new StringBuilder();
    private String s;
    private int p;
    private int end;
    private int values;
    private String error;

    JsonReader(int maxDepth, int maxValues) {
        this.maxDepth = maxDepth;
        this.maxValues = maxValues;
    }

    /** The value in {@code s[from, to)} (surrounding whitespace allowed), or null with {@link #error()} set. */
    Object read(String text, int from, int to) {
        s = text;
        p = from;
        end = to;
        values = 0;
        error = null;
        Object v = value(0);
        if (v != null) {
            skipWs();
            if (p < end) {
                return fail("syntax");
            }
        }
        s = null;
        return v;
    }

    String error() {
        return error;
    }

    private Object fail(String why) {
        if (error == null) {
            error = why;
        }
        return null;
    }

    private Object value(int depth) {
        skipWs();
        if (p >= end) {
            return fail("unbalanced");
        }
        if (++values > maxValues) {
            return fail("too_many_values");
        }
        char c = s.charAt(p);
        switch (c) {
            case '{':
                return depth >= maxDepth ? fail("too_deep") : object(depth + 1);
            case '[':
                return depth >= maxDepth ? fail("too_deep") : array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                return c == '-' || Times.isDigit(c) ? number() : fail("syntax");
        }
    }

    private Object object(int depth) {
        p++;
        Map<String, Object> m = new LinkedHashMap<>();
        skipWs();
        if (p < end && s.charAt(p) == '}') {
            p++;
            return m;
        }
        while (true) {
            skipWs();
            if (p >= end) {
                return fail("unbalanced");
            }
            if (s.charAt(p) != '"') {
                return fail("syntax");
            }
            String key = string();
            if (key == null) {
                return null;
            }
            skipWs();
            if (p >= end) {
                return fail("unbalanced");
            }
            if (s.charAt(p) != ':') {
                return fail("syntax");
            }
            p++;
            Object v = value(depth);
            if (v == null) {
                return null;
            }
            m.put(key, v);
            skipWs();
            if (p >= end) {
                return fail("unbalanced");
            }
            char c = s.charAt(p++);
            if (c == '}') {
                return m;
            }
            if (c != ',') {
                return fail("syntax");
            }
        }
    }

    private Object array(int depth) {
        p++;
        List<Object> a = new ArrayList<>();
        skipWs();
        if (p < end && s.charAt(p) == ']') {
            p++;
            return a;
        }
        while (true) {
            Object v = value(depth);
            if (v == null) {
                return null;
            }
            a.add(v);
            skipWs();
            if (p >= end) {
                return fail("unbalanced");
            }
            char c = s.charAt(p++);
            if (c == ']') {
                return a;
            }
            if (c != ',') {
                return fail("syntax");
            }
        }
    }

    private String string() {
        int start = ++p;
        while (p < end) {
            char c = s.charAt(p);
            if (c == '"') {
                return s.substring(start, p++);
            }
            if (c == '\\') {
                break;
            }
            p++;
        }
        buf.setLength(0);
        buf.append(s, start, p);
        while (p < end) {
            char c = s.charAt(p++);
            if (c == '"') {
                return buf.toString();
            }
            if (c != '\\') {
                buf.append(c);
                continue;
            }
            if (p >= end) {
                break;
            }
            char e = s.charAt(p++);
            switch (e) {
                case 'n':
                    buf.append('\n');
                    break;
                case 't':
                    buf.append('\t');
                    break;
                case 'r':
                    buf.append('\r');
                    break;
                case 'b':
                    buf.append('\b');
                    break;
                case 'f':
                    buf.append('\f');
                    break;
                case 'u':
                    int cp = hex4();
                    if (cp < 0) {
                        return (String) fail(p + 4 > end ? "unbalanced" : "syntax");
                    }
                    buf.append((char) cp);
                    break;
                default:
                    buf.append(e); // \" \\ \/ and, leniently, anything else
            }
        }
        return (String) fail("unbalanced");
    }

    private int hex4() {
        if (p + 4 > end) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(p + i), 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        p += 4;
        return v;
    }

    private Object number() {
        int start = p;
        p++;
        while (p < end) {
            char c = s.charAt(p);
            if (Times.isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                p++;
            } else {
                break;
            }
        }
        return s.substring(start, p);
    }

    private Object literal(String word, Object v) {
        if (s.startsWith(word, p) && p + word.length() <= end) {
            p += word.length();
            return v;
        }
        return fail(end - p < word.length() ? "unbalanced" : "syntax");
    }

    private void skipWs() {
        while (p < end) {
            char c = s.charAt(p);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            p++;
        }
    }

    // Navigation helpers for the parsers.

    /** {@code o[key]} when o is an object, else null. */
    @SuppressWarnings("unchecked")
    static Object get(Object o, String key) {
        return o instanceof Map ? ((Map<String, Object>) o).get(key) : null;
    }

    /** The value at a path of object keys, as text (strings, numbers, booleans), or null. */
    static String text(Object o, String... path) {
        for (String k : path) {
            o = get(o, k);
        }
        return o instanceof String || o instanceof Boolean ? o.toString() : null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : null;
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object o) {
        return o instanceof List ? (List<Object>) o : null;
    }
}
