package io.packwatch.output;

import java.nio.charset.StandardCharsets;

/**
 * ISO-8601 UTC text for nanosecond timestamps, as ECS's {@code @timestamp} wants it:
 * {@code 2026-01-01T00:00:00.123456Z}, with nine fraction digits when the nanoseconds need them.
 * Written by hand into a byte buffer because every record carries a few of them.
 */
public final class Timestamps {
    private Timestamps() {
    }

    public static String iso(long epochNanos) {
        byte[] b = new byte[32];
        return new String(b, 0, write(epochNanos, b, 0), StandardCharsets.US_ASCII);
    }

    /** Writes the text at {@code off} (up to 30 bytes) and returns the offset after it. */
    static int write(long epochNanos, byte[] b, int off) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        long days = Math.floorDiv(seconds, 86400);
        int secOfDay = (int) Math.floorMod(seconds, 86400);
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm, public domain).
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        off = digits(b, off, (int) year, 4);
        b[off++] = '-';
        off = digits(b, off, month, 2);
        b[off++] = '-';
        off = digits(b, off, day, 2);
        b[off++] = 'T';
        off = digits(b, off, secOfDay / 3600, 2);
        b[off++] = ':';
        off = digits(b, off, secOfDay / 60 % 60, 2);
        b[off++] = ':';
        off = digits(b, off, secOfDay % 60, 2);
        b[off++] = '.';
        if (nanos % 1000 == 0) {
            off = digits(b, off, nanos / 1000, 6);
        } else {
            off = digits(b, off, nanos, 9);
        }
        b[off++] = 'Z';
        return off;
    }

    private static int digits(byte[] b, int off, int v, int width) {
        for (int i = width - 1; i >= 0; i--) {
            b[off + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return off + width;
    }
}
