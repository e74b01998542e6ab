package io.packwatch.decode;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which bytes win when two TCP segments or IP fragments cover the same range with different
 * content. Receivers disagree (Novak and Sturges, "Target-Based TCP Stream Reassembly", 2007),
 * so a sensor that must see what the target saw is told which target it guards.
 */
public enum OverlapPolicy {
    /** The data that arrived first always wins. */
    FIRST,
    /** The data that arrived last always wins. */
    LAST,
    /** New data wins only where the new segment starts before the old one (BSD, HP-UX 10, IRIX). */
    BSD,
    /** Windows resolves overlaps as BSD does. */
    WINDOWS,
    /** As BSD, and new data also wins when it starts with the old segment and ends after it. */
    LINUX,
    /** New data wins only when it starts before the old segment and reaches its end (Solaris, HP-UX 11). */
    SOLARIS;

    /** Whether the new segment's bytes replace the old segment's bytes where they overlap. */
    public boolean newWins(long newStart, long newEnd, long oldStart, long oldEnd) {
        switch (this) {
            case FIRST:
                return false;
            case LAST:
                return true;
            case BSD:
            case WINDOWS:
                return newStart < oldStart;
            case LINUX:
                return newStart < oldStart || newStart == oldStart && newEnd > oldEnd;
            case SOLARIS:
                return newStart < oldStart && newEnd >= oldEnd;
            default:
                throw new AssertionError(this);
        }
    }

    public static OverlapPolicy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown overlap policy '" + s + "' (one of " + names() + ")");
        }
    }

    public static String names() {
        return Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
