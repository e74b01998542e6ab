package io.packwatch.inspect;

import io.packwatch.inspect.entropy.ByteStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Counts a window's bytes for its histogram and, in the same pass, marks where text encodings may
 * be: the spans of at least {@value EncodedArchiveDetector#MIN_BASE64} bytes that the word test of
 * {@link EncodedArchiveDetector#outsideLanes} cannot rule out (no byte below '+' and no high byte).
 * Every run of base64 or hex long enough to decode lies inside one of them, so the encoded-text
 * search only looks there. The counting is bound by its loads and stores; the word test beside it
 * costs next to nothing, where a pass of its own cost about a fifth of a text window's inspection.
 * One per worker: it holds the last window's spans.
 */
final class CandidateRuns {
    /**
     * Spans kept per window by default: a 64 KiB window has at most 2,622 (a span and the byte that
     * ends it take 25 bytes); past the limit the search scans the rest of the window itself.
     */
    static final int MAX_SPANS = 4096;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    final int[] start;
    final int[] end;
    int count;
    private int cursor;
    /** Where spans stopped being kept (the search scans from there on), or -1 when all were. */
    int unmarkedFrom;
    /** The window the spans belong to. */
    private byte[] data;
    private int off;
    private int len;

    CandidateRuns() {
        this(MAX_SPANS);
    }

    CandidateRuns(int maxSpans) {
        start = new int[maxSpans];
        end = new int[maxSpans];
    }

    /**
     * Counts {@code b[off, off + len)} into {@code lanes} (the four tables of
     * {@link ByteStats#lanes}) and marks its candidate spans.
     */
    void countAndMark(byte[] b, int off, int len, int[] lanes) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        this.data = b;
        this.off = off;
        this.len = len;
        count = 0;
        unmarkedFrom = -1;
        int[] c = lanes;
        int run = 0; // bytes before i since the last one outside the alphabet's range
        boolean open = false; // the current run is long enough and has its span started
        int i = off;
        for (int end8 = off + (len & ~7); i < end8; i += 8) {
            ByteStats.countEight(c, b, i);
            long outside = EncodedArchiveDetector.outsideLanes((long) LONGS.get(b, i));
            int before = Long.numberOfTrailingZeros(outside) >>> 3; // 8 when none
            if (!open && run + before >= EncodedArchiveDetector.MIN_BASE64) {
                open = begin(i - run);
            }
            if (open && outside != 0) {
                open = finish(i + before);
            }
            run = EncodedArchiveDetector.runAfter(run, outside);
        }
        for (int stop = off + len; i < stop; i++) {
            int v = b[i] & 0xff;
            c[v]++;
            if (v < '+' || v >= 0x80) {
                if (open) {
                    open = finish(i);
                }
                run = 0;
            } else if (!open && ++run >= EncodedArchiveDetector.MIN_BASE64) {
                open = begin(i + 1 - run);
            }
        }
        if (open) {
            finish(off + len);
        }
    }

    /** Starts a span; false when no more are kept (the search then scans from its start). */
    private boolean begin(int at) {
        if (unmarkedFrom >= 0) {
            return false;
        }
        if (count == start.length) {
            unmarkedFrom = at;
            return false;
        }
        start[count] = at;
        return true;
    }

    private boolean finish(int at) {
        end[count++] = at;
        return false;
    }

    /** Restarts {@link #nextStart} at the first span. */
    void rewind() {
        cursor = 0;
    }

    /**
     * {@link EncodedArchiveDetector#nextBase64Start} from {@code p} to the window's end, searching
     * only the spans of at least {@code shortest} bytes from {@code p} (and, past the last one kept,
     * the rest of the window). Calls come with {@code p} never decreasing.
     */
    int nextStart(int p, int shortest) {
        for (; cursor < count; cursor++) {
            int from = Math.max(p, start[cursor]);
            if (end[cursor] - from >= shortest) {
                int s = EncodedArchiveDetector.nextBase64Start(data, from, end[cursor]);
                if (s >= 0) {
                    return s; // the cursor stays: the next run may be in this span too
                }
            }
        }
        int windowEnd = off + len;
        return unmarkedFrom < 0 ? -1 : EncodedArchiveDetector.nextBase64Start(data, Math.max(p, unmarkedFrom), windowEnd);
    }

    /** Whether these spans are those of {@code data[off, off + len)}. */
    boolean describe(byte[] data, int off, int len) {
        return this.data == data && this.off == off && this.len == len;
    }
}
