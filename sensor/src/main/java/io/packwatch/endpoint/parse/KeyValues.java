package io.packwatch.endpoint.parse;

/**
 * The one {@code key=value} tokenizer behind auditd records, CEF extensions and LEEF attributes. The three
 * differ only in where a value ends and what escapes it:
 * <ul>
 *   <li>{@link #audit}: pairs separated by spaces; a value is {@code "quoted"}, {@code 'quoted'} or runs to the
 *       next space (auditd hex-encodes values that would need more).</li>
 *   <li>{@link #cef}: a value runs up to the space before the next {@code key=}, so it may hold spaces;
 *       {@code \=}, {@code \\}, {@code \n}, {@code \r} are escapes.</li>
 *   <li>{@link #delimited}: pairs separated by one delimiter character (LEEF), no escapes.</li>
 * </ul>
 * At most {@code maxPairs} pairs are delivered; {@link #scan} returns how many were left over.
 */
final class KeyValues {
    /** Receives the pairs. */
    interface Pairs {
        void pair(String key, String value);
    }

    private enum Style { AUDIT, CEF, DELIMITED }

    private final Style style;
    private final char delimiter;
    private final StringBuilder buf = new StringBuilder();
    private boolean quoted;

    private KeyValues(Style style, char delimiter) {
        this.style = style;
        this.delimiter = delimiter;
    }

    static KeyValues audit() {
        return new KeyValues(Style.AUDIT, ' ');
    }

    static KeyValues cef() {
        return new KeyValues(Style.CEF, ' ');
    }

    static KeyValues delimited(char delimiter) {
        return new KeyValues(Style.DELIMITED, delimiter);
    }

    /** Scans {@code s[from, to)}; returns the number of pairs beyond {@code maxPairs} (dropped). */
    int scan(String s, int from, int to, int maxPairs, Pairs out) {
        int p = from;
        int n = 0;
        int dropped = 0;
        while (p < to) {
            while (p < to && (s.charAt(p) == delimiter || style != Style.DELIMITED && s.charAt(p) == ' ')) {
                p++;
            }
            if (p >= to) {
                break;
            }
            int eq = p;
            while (eq < to && s.charAt(eq) != '=' && s.charAt(eq) != delimiter && !(style != Style.DELIMITED
                    && s.charAt(eq) == ' ')) {
                eq++;
            }
            if (eq >= to || s.charAt(eq) != '=') {
                p = eq; // a word without '=': not a pair
                continue;
            }
            String key = s.substring(p, eq).trim();
            int v = eq + 1;
            int stop;
            String value;
            switch (style) {
                case AUDIT:
                    quoted = v < to && (s.charAt(v) == '"' || s.charAt(v) == '\'');
                    if (quoted) {
                        int close = s.indexOf(s.charAt(v), v + 1);
                        stop = close < 0 || close >= to ? to : close;
                        value = s.substring(v + 1, stop);
                        stop = Math.min(to, stop + 1);
                    } else {
                        stop = v;
                        while (stop < to && s.charAt(stop) != ' ') {
                            stop++;
                        }
                        value = s.substring(v, stop);
                    }
                    break;
                case CEF:
                    stop = cefValueEnd(s, v, to);
                    value = cefUnescape(s, v, trimEnd(s, v, stop));
                    break;
                default:
                    stop = s.indexOf(delimiter, v);
                    if (stop < 0 || stop > to) {
                        stop = to;
                    }
                    value = s.substring(v, stop);
            }
            if (!key.isEmpty()) {
                if (n < maxPairs) {
                    out.pair(key, value);
                    n++;
                } else {
                    dropped++;
                }
            }
            p = stop;
        }
        return dropped;
    }

    /** During {@link Pairs#pair}: whether the audit-style value was quoted (auditd: quoted means not hex). */
    boolean quoted() {
        return quoted;
    }

    /** The end of a CEF value: the space before the next {@code key=} (key characters, then an unescaped '='). */
    private static int cefValueEnd(String s, int v, int to) {
        int p = v;
        while (p < to) {
            char c = s.charAt(p);
            if (c == '\\') {
                p += 2;
                continue;
            }
            if (c == ' ') {
                int k = p + 1;
                while (k < to && isKeyChar(s.charAt(k))) {
                    k++;
                }
                if (k > p + 1 && k < to && s.charAt(k) == '=') {
                    return p;
                }
            }
            p++;
        }
        return to;
    }

    private static boolean isKeyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                || c == '-' || c == '[' || c == ']';
    }

    private static int trimEnd(String s, int from, int to) {
        while (to > from && s.charAt(to - 1) == ' ') {
            to--;
        }
        return to;
    }

    private String cefUnescape(String s, int from, int to) {
        int bs = s.indexOf('\\', from);
        if (bs < 0 || bs >= to) {
            return s.substring(from, to);
        }
        buf.setLength(0);
        for (int p = from; p < to; p++) {
            char c = s.charAt(p);
            if (c == '\\' && p + 1 < to) {
                char e = s.charAt(++p);
                buf.append(e == 'n' ? '\n' : e == 'r' ? '\r' : e);
            } else {
                buf.append(c);
            }
        }
        return buf.toString();
    }
}
