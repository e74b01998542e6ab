package io.packwatch.output;

import java.util.List;

/**
 * How much of an alert's values a size-limited message may carry: text values longer than
 * {@code maxChars} are cut and end in {@link #MARKER}, lists keep their first {@code maxItems}
 * elements. The cut never splits a surrogate pair, so the text stays valid UTF-16.
 *
 * @param minimal keep only the fields a SIEM needs to triage the alert (the last resort)
 */
public record Clip(int maxChars, int maxItems, boolean minimal) {
    public static final String MARKER = "…[truncated]";
    public static final Clip NONE = new Clip(Integer.MAX_VALUE, Integer.MAX_VALUE, false);

    /** From no clipping to the bare minimum; size-limited writers try each in turn. */
    public static final List<Clip> LADDER = List.of(NONE, new Clip(1024, 16, false), new Clip(256, 8, false),
            new Clip(64, 4, false), new Clip(32, 2, false), new Clip(32, 1, true));

    public boolean clips() {
        return this != NONE;
    }

    /** {@code s} cut to at most {@code maxChars} characters plus the marker; null stays null. */
    public String text(String s) {
        if (s == null || s.length() <= maxChars) {
            return s;
        }
        int cut = maxChars;
        if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return s.substring(0, cut) + MARKER;
    }

    /** Whether a list of {@code size} elements loses some. */
    public boolean cutsList(int size) {
        return size > maxItems;
    }
}
