package io.packwatch.endpoint.parse;

import java.time.ZoneId;

/**
 * Reads the syslog header in front of a payload: RFC 5424 ({@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG}),
 * RFC 3164 and what devices really send under that name (no PRI, no hostname, ISO timestamps, {@code Mmm dd yyyy}
 * timestamps, year-less timestamps), and the lines collectors write to files (rsyslog's traditional and
 * RSYSLOG_FileFormat). Never fails: what it cannot read stays in the message.
 */
final class SyslogHeaderParser {
    /** Longest token taken for a tag; real tags run past RFC 3164's 32. */
    private static final int MAX_TAG = 64;
    private final ZoneId zone;
    private final int maxParams;

    SyslogHeaderParser(ZoneId zone, int maxParams) {
        this.zone = zone;
        this.maxParams = maxParams;
    }

    /** Fills {@code h} from {@code s[0, end)}; {@code h.msgStart} is where the payload begins. */
    void parse(String s, int end, long receivedNanos, SyslogHeader h) {
        h.clear();
        int p = skipSpaces(s, 0, end);
        if (p < end && s.charAt(p) == '\uFEFF') {
            p++;
        }
        p = priority(s, p, end, h);
        if (h.priority >= 0 && p + 1 < end && s.charAt(p) >= '1' && s.charAt(p) <= '9' && s.charAt(p + 1) == ' ') {
            int at = rfc5424(s, p + 2, end, h);
            if (at >= 0) {
                h.version = 1;
                h.msgStart = at;
                return;
            }
            h.structuredData.clear();
            h.timeNanos = Times.NONE;
            h.hostname = h.appName = h.procId = h.msgId = null;
        }
        h.msgStart = bsd(s, p, end, receivedNanos, h);
    }

    private static int priority(String s, int p, int end, SyslogHeader h) {
        if (p >= end || s.charAt(p) != '<') {
            return p;
        }
        int v = 0;
        int q = p + 1;
        while (q < end && q - p <= 3 && Times.isDigit(s.charAt(q))) {
            v = v * 10 + (s.charAt(q) - '0');
            q++;
        }
        if (q == p + 1 || q >= end || s.charAt(q) != '>' || v > 191) {
            return p;
        }
        h.priority = v;
        return q + 1;
    }

    /** RFC 5424 after {@code "<PRI>1 "}; returns the message start, or -1 when the header does not hold together. */
    private int rfc5424(String s, int p, int end, SyslogHeader h) {
        int t = tokenEnd(s, p, end);
        if (t == p) {
            return -1;
        }
        if (!(t == p + 1 && s.charAt(p) == '-')) {
            h.timeNanos = Times.iso(s, p, t, zone);
            if (h.timeNanos == Times.NONE) {
                return -1;
            }
        }
        String[] parts = new String[4];
        for (int i = 0; i < 4; i++) {
            p = t + 1;
            if (p >= end) {
                return -1;
            }
            t = tokenEnd(s, p, end);
            if (t == p) {
                return -1;
            }
            parts[i] = t == p + 1 && s.charAt(p) == '-' ? null : s.substring(p, t);
        }
        h.hostname = parts[0];
        h.appName = parts[1];
        h.procId = parts[2];
        h.msgId = parts[3];
        p = t + 1;
        if (p >= end) {
            return end;
        }
        if (s.charAt(p) == '-') {
            p++;
        } else if (s.charAt(p) == '[') {
            p = structuredData(s, p, end, h);
            if (p < 0) {
                return -1;
            }
        } else {
            return -1;
        }
        if (p < end && s.charAt(p) == ' ') {
            p++;
        }
        if (p < end && s.charAt(p) == '\uFEFF') {
            p++;
        }
        return p;
    }

    /** {@code [id name="value" ...]...}; values unescape {@code \" \\ \]}. Returns the offset after, or -1. */
    private int structuredData(String s, int p, int end, SyslogHeader h) {
        StringBuilder value = new StringBuilder();
        while (p < end && s.charAt(p) == '[') {
            int idEnd = p + 1;
            while (idEnd < end && s.charAt(idEnd) != ' ' && s.charAt(idEnd) != ']') {
                idEnd++;
            }
            if (idEnd >= end || idEnd == p + 1) {
                return -1;
            }
            String id = s.substring(p + 1, idEnd);
            p = idEnd;
            while (p < end && s.charAt(p) == ' ') {
                int eq = s.indexOf('=', p + 1);
                if (eq < 0 || eq >= end - 1 || s.charAt(eq + 1) != '"') {
                    return -1;
                }
                String name = s.substring(p + 1, eq);
                value.setLength(0);
                int q = eq + 2;
                while (q < end && s.charAt(q) != '"') {
                    char c = s.charAt(q);
                    if (c == '\\' && q + 1 < end) {
                        char n = s.charAt(q + 1);
                        if (n == '"' || n == '\\' || n == ']') {
                            c = n;
                            q++;
                        }
                    }
                    value.append(c);
                    q++;
                }
                if (q >= end) {
                    return -1;
                }
                if (h.structuredData.size() < 3 * maxParams) {
                    h.structuredData.add(id);
                    h.structuredData.add(name);
                    h.structuredData.add(value.toString());
                }
                p = q + 1;
            }
            if (p >= end || s.charAt(p) != ']') {
                return -1;
            }
            p++;
        }
        return p;
    }

    /** BSD syslog and file lines: [timestamp] [hostname] [tag[pid]:] message. */
    private int bsd(String s, int p, int end, long receivedNanos, SyslogHeader h) {
        int afterTime = bsdTimestamp(s, p, end, receivedNanos, h);
        if (afterTime < 0) {
            return p; // no timestamp: no way to tell a hostname from the first word of the message
        }
        p = skipSpaces(s, afterTime, end);
        int t = tokenEnd(s, p, end);
        if (t == p || payloadStart(s, p, end)) {
            return p;
        }
        int tag = tag(s, p, t, h);
        if (tag >= 0) {
            return skipSpaces(s, tag, end);
        }
        if (t >= end) {
            return p; // a single word: the message, not a host
        }
        h.hostname = s.substring(p, t);
        p = skipSpaces(s, t, end);
        t = tokenEnd(s, p, end);
        if (t == p || payloadStart(s, p, end)) {
            return p;
        }
        tag = tag(s, p, t, h);
        return tag >= 0 ? skipSpaces(s, tag, end) : p;
    }

    /** Payloads that start right where a tag would be: they are never tags. */
    private static boolean payloadStart(String s, int p, int end) {
        return s.startsWith("CEF:", p) || s.startsWith("LEEF:", p) || s.startsWith("MSWinEventLog", p)
                || s.startsWith("type=", p) || s.startsWith("node=", p) || p < end && (s.charAt(p) == '{' || s.charAt(p) == '<');
    }

    /** {@code app:}, {@code app[pid]:} (or {@code app[pid]} without the colon); returns the offset after it or -1. */
    private static int tag(String s, int p, int t, SyslogHeader h) {
        if (t - p > MAX_TAG + 10) {
            return -1;
        }
        int q = p;
        while (q < t && s.charAt(q) != '[' && s.charAt(q) != ':') {
            q++;
        }
        if (q == p || q - p > MAX_TAG) {
            return -1;
        }
        if (q == t) {
            return -1;
        }
        if (s.charAt(q) == ':') {
            if (q != t - 1) {
                return -1;
            }
            h.appName = s.substring(p, q);
            return t;
        }
        int close = s.indexOf(']', q);
        if (close < 0 || close >= t || !(close == t - 1 || close == t - 2 && s.charAt(t - 1) == ':')) {
            return -1;
        }
        h.appName = s.substring(p, q);
        h.procId = s.substring(q + 1, close);
        return t;
    }

    /**
     * {@code Mmm dd hh:mm:ss[.frac]}, {@code Mmm dd yyyy hh:mm:ss} (Cisco, optionally with a leading {@code *} or
     * {@code .}), or an ISO 8601 / RFC 3339 token. Returns the offset after it, or -1.
     */
    private int bsdTimestamp(String s, int p, int end, long receivedNanos, SyslogHeader h) {
        if (p < end && (s.charAt(p) == '*' || s.charAt(p) == '.')) {
            p++;
        }
        if (Times.digits(s, p, 4) && p + 4 < end && s.charAt(p + 4) == '-') {
            int t = tokenEnd(s, p, end);
            long ts = Times.iso(s, p, t, zone);
            if (ts == Times.NONE) {
                return -1;
            }
            h.timeNanos = ts;
            return t;
        }
        int month = Times.month(s, p);
        if (month == 0 || p + 15 > end || s.charAt(p + 3) != ' ') {
            return -1;
        }
        int q = p + 4;
        int day;
        if (s.charAt(q) == ' ' && Times.isDigit(s.charAt(q + 1))) {
            day = s.charAt(q + 1) - '0';
        } else if (Times.digits(s, q, 2)) {
            day = Times.num(s, q, 2);
        } else if (Times.isDigit(s.charAt(q)) && s.charAt(q + 1) == ' ') {
            day = s.charAt(q) - '0';
            q--;
        } else {
            return -1;
        }
        q += 2;
        if (s.charAt(q) != ' ') {
            return -1;
        }
        q++;
        int year = -1;
        if (Times.digits(s, q, 4) && q + 4 < end && s.charAt(q + 4) == ' ') {
            year = Times.num(s, q, 4);
            q += 5;
        }
        if (!Times.digits(s, q, 2) || q + 8 > end || s.charAt(q + 2) != ':' || !Times.digits(s, q + 3, 2)
                || s.charAt(q + 5) != ':' || !Times.digits(s, q + 6, 2)) {
            return -1;
        }
        int hour = Times.num(s, q, 2);
        int minute = Times.num(s, q + 3, 2);
        int second = Times.num(s, q + 6, 2);
        q += 8;
        int nanos = 0;
        if (q < end && s.charAt(q) == '.') {
            int start = ++q;
            while (q < end && Times.isDigit(s.charAt(q))) {
                if (q - start < 9) {
                    nanos = nanos * 10 + (s.charAt(q) - '0');
                }
                q++;
            }
            for (int k = q - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (q < end && s.charAt(q) != ' ' && s.charAt(q) != ':') {
            return -1;
        }
        if (q < end && s.charAt(q) == ':') {
            q++; // Cisco: "Mmm dd yyyy hh:mm:ss: %SYS-..."
        }
        long ts;
        if (year >= 0) {
            ts = Times.civil(year, month, day, hour, minute, second, nanos, zone);
        } else {
            ts = Times.nearestYear(month, day, hour, minute, second, nanos, receivedNanos, zone);
        }
        if (ts == Times.NONE) {
            return -1;
        }
        h.timeNanos = ts;
        return q;
    }

    private static int tokenEnd(String s, int p, int end) {
        while (p < end && s.charAt(p) != ' ' && s.charAt(p) != '\t') {
            p++;
        }
        return p;
    }

    private static int skipSpaces(String s, int p, int end) {
        while (p < end && s.charAt(p) == ' ') {
            p++;
        }
        return p;
    }
}
