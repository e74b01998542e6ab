package io.packwatch.config;

import java.util.Locale;

/** Sizes ({@code 64MiB}, {@code 512k}) and durations ({@code 30s}, {@code 5m}, {@code 250ms}) as written in config. */
public final class Units {
    private Units() {
    }

    public static long parseSize(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("expected a size such as 65536, 512KiB, 64MiB or 1GiB, got '" + text + "'");
        }
        long n = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i).trim();
        long mult;
        switch (unit) {
            case "": case "b":
                mult = 1;
                break;
            case "k": case "kb": case "kib":
                mult = 1L << 10;
                break;
            case "m": case "mb": case "mib":
                mult = 1L << 20;
                break;
            case "g": case "gb": case "gib":
                mult = 1L << 30;
                break;
            case "t": case "tb": case "tib":
                mult = 1L << 40;
                break;
            default:
                throw new IllegalArgumentException("unknown size unit '" + unit + "' in '" + text + "' (use B, KiB, MiB, GiB)");
        }
        return Math.multiplyExact(n, mult);
    }

    /** A duration in nanoseconds. */
    public static long parseDuration(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("expected a duration such as 250ms, 30s, 5m or 1h, got '" + text + "'");
        }
        double n = Double.parseDouble(s.substring(0, i));
        String unit = s.substring(i).trim();
        double mult;
        switch (unit) {
            case "ns": mult = 1; break;
            case "us": mult = 1e3; break;
            case "ms": mult = 1e6; break;
            case "": case "s": mult = 1e9; break;
            case "m": case "min": mult = 60e9; break;
            case "h": mult = 3600e9; break;
            case "d": mult = 86400e9; break;
            default:
                throw new IllegalArgumentException("unknown duration unit '" + unit + "' in '" + text + "' (use ms, s, m, h, d)");
        }
        return Math.round(n * mult);
    }
}
