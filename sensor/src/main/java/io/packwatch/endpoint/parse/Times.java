package io.packwatch.endpoint.parse;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Timestamp text to epoch nanoseconds, without regexes or exceptions. Parsers call these on the
 * spans they found; {@link #NONE} means "not a timestamp".
 */
final class Times {
    static final long NONE = Long.MIN_VALUE;
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private Times() {
    }

    /**
     * RFC 3339 / ISO 8601: {@code YYYY-MM-DD[T or space]hh:mm[:ss[.fraction]][Z|+hh:mm|+hhmm|+hh]}, the
     * fraction of any length (digits past nanoseconds ignored). Without an offset the time is read in
     * {@code zone}. The whole span must be the timestamp.
     */
    static long iso(CharSequence s, int from, int to, ZoneId zone) {
        if (to - from < 16 || !digits(s, from, 4) || s.charAt(from + 4) != '-' || !digits(s, from + 5, 2)
                || s.charAt(from + 7) != '-' || !digits(s, from + 8, 2)) {
            return NONE;
        }
        char sep = s.charAt(from + 10);
        if (sep != 'T' && sep != ' ' && sep != 't') {
            return NONE;
        }
        int year = num(s, from, 4);
        int month = num(s, from + 5, 2);
        int day = num(s, from + 8, 2);
        int p = from + 11;
        if (!digits(s, p, 2) || s.charAt(p + 2) != ':' || !digits(s, p + 3, 2)) {
            return NONE;
        }
        int hour = num(s, p, 2);
        int minute = num(s, p + 3, 2);
        int second = 0;
        p += 5;
        if (p < to && s.charAt(p) == ':') {
            if (p + 3 > to || !digits(s, p + 1, 2)) {
                return NONE;
            }
            second = num(s, p + 1, 2);
            p += 3;
        }
        int nanos = 0;
        if (p < to && (s.charAt(p) == '.' || s.charAt(p) == ',')) {
            p++;
            int start = p;
            while (p < to && isDigit(s.charAt(p))) {
                if (p - start < 9) {
                    nanos = nanos * 10 + (s.charAt(p) - '0');
                }
                p++;
            }
            if (p == start) {
                return NONE;
            }
            for (int k = p - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        long local = localNanos(year, month, day, hour, minute, second, nanos);
        if (local == NONE) {
            return NONE;
        }
        if (p == to) {
            return inZone(local, year, month, day, hour, minute, second, zone);
        }
        char z = s.charAt(p);
        if ((z == 'Z' || z == 'z') && p + 1 == to) {
            return local;
        }
        if ((z == '+' || z == '-') && p + 3 <= to && digits(s, p + 1, 2)) {
            int oh = num(s, p + 1, 2);
            int om = 0;
            int q = p + 3;
            if (q < to && s.charAt(q) == ':') {
                q++;
            }
            if (q + 2 <= to && digits(s, q, 2)) {
                om = num(s, q, 2);
                q += 2;
            }
            if (q != to || oh > 18 || om > 59) {
                return NONE;
            }
            long offset = (oh * 3600L + om * 60L) * 1_000_000_000L;
            return z == '+' ? local - offset : local + offset;
        }
        return NONE;
    }

    /** Month from its English three-letter abbreviation at {@code p} (1..12), or 0. Case-sensitive as syslog writes it. */
    static int month(CharSequence s, int p) {
        if (p + 3 > s.length()) {
            return 0;
        }
        for (int m = 0; m < 12; m++) {
            int k = m * 3;
            if (s.charAt(p) == MONTHS.charAt(k) && s.charAt(p + 1) == MONTHS.charAt(k + 1)
                    && s.charAt(p + 2) == MONTHS.charAt(k + 2)) {
                return m + 1;
            }
        }
        return 0;
    }

    /**
     * A time given without a year (BSD syslog): the year that puts it nearest the receive time, so a
     * December message read in January lands in the old year and a sender a little ahead stays in the new.
     */
    static long nearestYear(int month, int day, int hour, int minute, int second, int nanos, long receivedNanos,
                            ZoneId zone) {
        int year = Instant.ofEpochSecond(Math.floorDiv(receivedNanos, 1_000_000_000L)).atZone(zone).getYear();
        long best = NONE;
        for (int y = year - 1; y <= year + 1; y++) {
            long t = civil(y, month, day, hour, minute, second, nanos, zone);
            if (t == NONE) {
                continue; // Feb 29 in a common year
            }
            if (best == NONE || Math.abs(t - receivedNanos) < Math.abs(best - receivedNanos)) {
                best = t;
            }
        }
        return best;
    }

    /** Wall-clock fields as if they were UTC, in epoch nanoseconds; NONE when a field is out of range. */
    static long localNanos(int year, int month, int day, int hour, int minute, int second, int nanos) {
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59
                || second > 60) {
            return NONE;
        }
        long days = daysFromCivil(year, month, day);
        return days * NANOS_PER_DAY + ((hour * 60L + minute) * 60L + Math.min(second, 59)) * 1_000_000_000L + nanos;
    }

    /** Wall-clock fields read in {@code zone}, in epoch nanoseconds; NONE when a field is out of range. */
    static long civil(int year, int month, int day, int hour, int minute, int second, int nanos, ZoneId zone) {
        long local = localNanos(year, month, day, hour, minute, second, nanos);
        return local == NONE ? NONE : inZone(local, year, month, day, hour, minute, second, zone);
    }

    /** Epoch seconds with an optional decimal fraction ({@code 1700000000.123}), as auditd writes them. */
    static long epochSeconds(CharSequence s, int from, int to) {
        long sec = 0;
        int p = from;
        while (p < to && isDigit(s.charAt(p)) && p - from < 12) {
            sec = sec * 10 + (s.charAt(p) - '0');
            p++;
        }
        if (p == from) {
            return NONE;
        }
        long nanos = 0;
        if (p < to && s.charAt(p) == '.') {
            p++;
            int start = p;
            while (p < to && isDigit(s.charAt(p))) {
                if (p - start < 9) {
                    nanos = nanos * 10 + (s.charAt(p) - '0');
                }
                p++;
            }
            for (int k = p - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        return p == to ? sec * 1_000_000_000L + nanos : NONE;
    }

    private static long inZone(long local, int year, int month, int day, int hour, int minute, int second, ZoneId zone) {
        if (zone == ZoneOffset.UTC) {
            return local;
        }
        ZoneOffset off = zone.getRules().getOffset(LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59)));
        return local - off.getTotalSeconds() * 1_000_000_000L;
    }

    static boolean digits(CharSequence s, int p, int n) {
        if (p < 0 || p + n > s.length()) {
            return false;
        }
        for (int i = p; i < p + n; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static int num(CharSequence s, int p, int n) {
        int v = 0;
        for (int i = p; i < p + n; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 (Howard Hinnant's days_from_civil, public domain). */
    private static long daysFromCivil(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
