package io.packwatch.app.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small parsers for header values: media type parameters, Content-Disposition file names, token lists. */
final class HeaderValues {
    private HeaderValues() {
    }

    /** The media type without parameters, lower case ({@code multipart/form-data}), or null. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        String t = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return t.isEmpty() ? null : t;
    }

    /**
     * A parameter of a header value ({@code boundary}, {@code filename}, {@code name}), unquoted; for
     * {@code filename} an RFC 5987 {@code filename*=UTF-8''...} wins over the plain one. Null when absent.
     */
    static String param(String value, String name) {
        if (value == null) {
            return null;
        }
        String extended = raw(value, name + "*");
        if (extended != null) {
            int q = extended.indexOf("''");
            if (q >= 0) {
                return percentDecode(extended.substring(q + 2));
            }
        }
        return raw(value, name);
    }

    private static String raw(String value, String name) {
        int i = 0;
        int n = value.length();
        while (i < n) {
            int semi = nextSemicolon(value, i);
            String p = value.substring(i, semi).trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.charAt(0) == '"') {
                    StringBuilder sb = new StringBuilder();
                    for (int k = 1; k < v.length() && v.charAt(k) != '"'; k++) {
                        char c = v.charAt(k);
                        if (c == '\\' && k + 1 < v.length()) {
                            c = v.charAt(++k);
                        }
                        sb.append(c);
                    }
                    return sb.toString();
                }
                return v;
            }
            i = semi + 1;
        }
        return null;
    }

    /** The next ';' outside a quoted string, or the end. */
    private static int nextSemicolon(String s, int i) {
        boolean quoted = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++;
            } else if (c == ';' && !quoted) {
                return i;
            }
        }
        return s.length();
    }

    private static String percentDecode(String s) {
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi;
            int lo;
            if (c == '%' && i + 2 < s.length() && (hi = Character.digit(s.charAt(i + 1), 16)) >= 0
                    && (lo = Character.digit(s.charAt(i + 2), 16)) >= 0) {
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** Comma-separated tokens, trimmed, lower case, empty ones and {@code identity} dropped. */
    static List<String> codings(List<String> headerValues) {
        List<String> out = new ArrayList<>(2);
        for (String v : headerValues) {
            for (String t : v.split(",")) {
                String c = t.trim().toLowerCase(Locale.ROOT);
                if (!c.isEmpty() && !c.equals("identity")) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
