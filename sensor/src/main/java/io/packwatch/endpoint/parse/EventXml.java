package io.packwatch.endpoint.parse;

import java.util.Map;

/**
 * Reads the Windows event XML schema ({@code <Event><System>...</System><EventData><Data Name="..">..</Data>}),
 * which both Windows forwarders and Sysmon for Linux write. Not a general XML parser: no DTDs, no namespaces
 * beyond ignoring them; enough for one event per message. Bounded by nesting depth and element count; never
 * throws. {@link #read} returns null when the document was read, else why not ({@code unbalanced},
 * {@code too_deep}, {@code too_many_elements}, {@code syntax}).
 */
final class EventXml {
    private final int maxDepth;
    private final int maxElements;
    private final String[] stack;
    private final StringBuilder text = new StringBuilder();

    EventXml(int maxDepth, int maxElements) {
        this.maxDepth = maxDepth;
        this.maxElements = maxElements;
        this.stack = new String[maxDepth + 1];
    }

    /**
     * {@code system} receives the texts of System's children by element name and their attributes as
     * {@code Element.attribute} ({@code TimeCreated.SystemTime}, {@code Provider.Name}); {@code data} receives
     * EventData's {@code Data} by their Name attribute (unnamed ones as {@code Data1, Data2, ...}) and
     * UserData's leaf elements by name.
     */
    String read(String s, int from, int to, Map<String, String> system, Map<String, String> data) {
        int depth = 0;
        int elements = 0;
        boolean sawRoot = false;
        String dataName = null;
        int unnamed = 0;
        int p = from;
        text.setLength(0);
        while (p < to) {
            char c = s.charAt(p);
            if (c != '<') {
                int lt = s.indexOf('<', p);
                int stop = lt < 0 || lt > to ? to : lt;
                if (depth > 0) {
                    appendDecoded(s, p, stop);
                } else if (sawRoot || !blank(s, p, stop)) {
                    return sawRoot && blank(s, p, stop) ? null : "syntax";
                }
                p = stop;
                continue;
            }
            if (s.startsWith("<?", p)) {
                int q = s.indexOf("?>", p);
                if (q < 0 || q + 2 > to) {
                    return "unbalanced";
                }
                p = q + 2;
            } else if (s.startsWith("<!--", p)) {
                int q = s.indexOf("-->", p);
                if (q < 0 || q + 3 > to) {
                    return "unbalanced";
                }
                p = q + 3;
            } else if (s.startsWith("<![CDATA[", p)) {
                int q = s.indexOf("]]>", p);
                if (q < 0 || q + 3 > to) {
                    return "unbalanced";
                }
                text.append(s, p + 9, q);
                p = q + 3;
            } else if (s.startsWith("<!", p)) {
                return "syntax"; // DOCTYPE and friends: never in an event
            } else if (p + 1 < to && s.charAt(p + 1) == '/') {
                int q = s.indexOf('>', p);
                if (q < 0 || q >= to) {
                    return "unbalanced";
                }
                String name = s.substring(p + 2, q).trim();
                if (depth == 0 || !name.equals(stack[depth])) {
                    return "unbalanced";
                }
                closeElement(name, depth, system, data, dataName, unnamed);
                if ("Data".equals(name) && dataName == null) {
                    unnamed++;
                }
                dataName = null;
                depth--;
                text.setLength(0);
                p = q + 1;
            } else {
                if (depth == 0 && sawRoot) {
                    return "syntax";
                }
                if (++elements > maxElements) {
                    return "too_many_elements";
                }
                int q = p + 1;
                while (q < to && !isSpace(s.charAt(q)) && s.charAt(q) != '>' && s.charAt(q) != '/') {
                    q++;
                }
                if (q >= to) {
                    return "unbalanced";
                }
                String name = s.substring(p + 1, q);
                if (name.isEmpty()) {
                    return "syntax";
                }
                if (depth >= maxDepth) {
                    return "too_deep";
                }
                stack[++depth] = name;
                sawRoot = true;
                text.setLength(0);
                dataName = null;
                // attributes
                while (true) {
                    while (q < to && isSpace(s.charAt(q))) {
                        q++;
                    }
                    if (q >= to) {
                        return "unbalanced";
                    }
                    char a = s.charAt(q);
                    if (a == '>') {
                        q++;
                        break;
                    }
                    if (a == '/') {
                        if (q + 1 >= to) {
                            return "unbalanced";
                        }
                        if (s.charAt(q + 1) != '>') {
                            return "syntax";
                        }
                        q += 2;
                        closeElement(name, depth, system, data, null, unnamed);
                        depth--;
                        break;
                    }
                    int eq = q;
                    while (eq < to && s.charAt(eq) != '=' && s.charAt(eq) != '>' && s.charAt(eq) != '<') {
                        eq++;
                    }
                    if (eq + 1 >= to) {
                        return "unbalanced";
                    }
                    if (s.charAt(eq) != '=') {
                        return "syntax"; // an attribute without a value
                    }
                    char quote = s.charAt(eq + 1);
                    if (quote != '"' && quote != '\'') {
                        return "syntax";
                    }
                    int close = s.indexOf(quote, eq + 2);
                    if (close < 0 || close >= to) {
                        return "unbalanced";
                    }
                    String attr = s.substring(q, eq).trim();
                    String value = decode(s, eq + 2, close);
                    if (depth == 3 && "System".equals(stack[2])) {
                        system.put(name + '.' + attr, value);
                    } else if ("Name".equals(attr) && "Data".equals(name)) {
                        dataName = value;
                    }
                    q = close + 1;
                }
                p = q;
            }
        }
        return depth == 0 && sawRoot ? null : "unbalanced";
    }

    private void closeElement(String name, int depth, Map<String, String> system, Map<String, String> data,
                              String dataName, int unnamed) {
        if (depth == 3 && "System".equals(stack[2])) {
            if (text.length() > 0) {
                system.put(name, text.toString());
            }
        } else if (depth == 3 && "EventData".equals(stack[2]) && "Data".equals(name)) {
            data.put(dataName != null ? dataName : "Data" + (unnamed + 1), text.toString());
        } else if (depth >= 3 && "UserData".equals(stack[2]) && text.length() > 0) {
            data.put(name, text.toString());
        }
    }

    private void appendDecoded(String s, int from, int to) {
        int amp = s.indexOf('&', from);
        if (amp < 0 || amp >= to) {
            text.append(s, from, to);
            return;
        }
        text.append(decode(s, from, to));
    }

    /** The five XML entities and numeric references; anything else is kept as written. */
    static String decode(String s, int from, int to) {
        int amp = s.indexOf('&', from);
        if (amp < 0 || amp >= to) {
            return s.substring(from, to);
        }
        StringBuilder b = new StringBuilder(to - from);
        int p = from;
        while (p < to) {
            char c = s.charAt(p);
            int semi;
            if (c != '&' || (semi = s.indexOf(';', p)) < 0 || semi >= to || semi - p > 10) {
                b.append(c);
                p++;
                continue;
            }
            String ent = s.substring(p + 1, semi);
            int cp = -1;
            switch (ent) {
                case "lt":
                    cp = '<';
                    break;
                case "gt":
                    cp = '>';
                    break;
                case "amp":
                    cp = '&';
                    break;
                case "quot":
                    cp = '"';
                    break;
                case "apos":
                    cp = '\'';
                    break;
                default:
                    if (ent.startsWith("#x") || ent.startsWith("#X")) {
                        cp = parse(ent, 2, 16);
                    } else if (ent.startsWith("#")) {
                        cp = parse(ent, 1, 10);
                    }
            }
            if (cp < 0) {
                b.append(c);
                p++;
            } else {
                b.appendCodePoint(cp);
                p = semi + 1;
            }
        }
        return b.toString();
    }

    private static int parse(String digits, int from, int radix) {
        if (digits.length() == from || digits.length() - from > 7) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            v = v * radix + d;
        }
        return v <= 0x10FFFF && (v < 0xD800 || v > 0xDFFF) ? v : 0xFFFD;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean blank(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
