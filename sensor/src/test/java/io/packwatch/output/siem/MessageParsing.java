package io.packwatch.output.siem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Receiver-side parsing of the forwarder's messages, written from the format specifications, so the
 * tests check what a SIEM would see: CEF header fields split at unescaped pipes, extension keys found
 * at unescaped {@code =} after a space, LEEF attributes split at the delimiter, RFC 5424 SD params.
 */
final class MessageParsing {
    private MessageParsing() {
    }

    /** The text after the RFC 5424 header's six fields and NILVALUE SD ({@code ... MSGID - }). */
    static String afterSyslogHeader(String message, boolean nilSd) {
        int at = 0;
        for (int i = 0; i < 6; i++) {
            at = message.indexOf(' ', at) + 1;
        }
        return nilSd ? message.substring(at + 2) : message.substring(at);
    }

    /** Splits a CEF message into its 7 header fields and the extension (8 parts), at unescaped pipes. */
    static List<String> cefParts(String cef) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < cef.length(); i++) {
            char c = cef.charAt(i);
            if (parts.size() == 7) {
                cur.append(c);
            } else if (c == '\\' && i + 1 < cef.length()) {
                cur.append(cef.charAt(++i));
            } else if (c == '|') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts;
    }

    /** CEF extension keys and unescaped values, in order. */
    static Map<String, String> cefExtension(String ext) {
        Map<String, String> out = new LinkedHashMap<>();
        List<int[]> keys = new ArrayList<>(); // {keyStart, equalsIndex}
        for (int i = 0; i < ext.length(); i++) {
            char c = ext.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '=') {
                int s = i;
                while (s > 0 && Character.isLetterOrDigit(ext.charAt(s - 1))) {
                    s--;
                }
                if (s == 0 || ext.charAt(s - 1) == ' ') {
                    keys.add(new int[] {s, i});
                } else {
                    throw new AssertionError("unescaped = inside a value at " + i + ": " + ext);
                }
            }
        }
        for (int k = 0; k < keys.size(); k++) {
            int valueEnd = k + 1 < keys.size() ? keys.get(k + 1)[0] - 1 : ext.length();
            String raw = ext.substring(keys.get(k)[1] + 1, valueEnd);
            String key = ext.substring(keys.get(k)[0], keys.get(k)[1]);
            if (out.put(key, unescapeCef(raw)) != null) {
                throw new AssertionError("key " + key + " twice in " + ext);
            }
        }
        return out;
    }

    static String unescapeCef(String raw) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char n = raw.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** LEEF 2.0: the 6 header fields (version .. delimiter) and the attributes. */
    static List<String> leefHeader(String leef) {
        return cefParts(leef).subList(0, 6);
    }

    static Map<String, String> leefAttributes(String leef, char delimiter) {
        int at = 0;
        for (int i = 0, pipes = 0; pipes < 6; i++) {
            if (leef.charAt(i) == '\\') {
                i++;
            } else if (leef.charAt(i) == '|') {
                pipes++;
                at = i + 1;
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : leef.substring(at).split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1)) {
            int eq = kv.indexOf('=');
            if (out.put(kv.substring(0, eq), kv.substring(eq + 1)) != null) {
                throw new AssertionError("key twice in " + leef);
            }
        }
        return out;
    }

    /** RFC 5424 SD params of the single element that starts {@code sd}, unescaped; the index after it in [1]. */
    static Map<String, String> sdParams(String sd, int[] end) {
        if (!sd.startsWith("[packwatch@32473")) {
            throw new AssertionError("no SD element: " + sd);
        }
        Map<String, String> out = new LinkedHashMap<>();
        int i = "[packwatch@32473".length();
        while (sd.charAt(i) == ' ') {
            int eq = sd.indexOf('=', i);
            String name = sd.substring(i + 1, eq);
            if (sd.charAt(eq + 1) != '"') {
                throw new AssertionError("unquoted value at " + eq);
            }
            StringBuilder v = new StringBuilder();
            int j = eq + 2;
            for (; sd.charAt(j) != '"'; j++) {
                char c = sd.charAt(j);
                if (c == '\\') {
                    c = sd.charAt(++j);
                } else if (c == ']') {
                    throw new AssertionError("unescaped ] in a value: " + sd);
                }
                v.append(c);
            }
            out.put(name, v.toString());
            i = j + 1;
        }
        if (sd.charAt(i) != ']') {
            throw new AssertionError("SD element not closed at " + i);
        }
        end[0] = i + 1;
        return out;
    }
}
