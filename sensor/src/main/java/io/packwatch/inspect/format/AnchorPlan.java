package io.packwatch.inspect.format;

import io.packwatch.inspect.Detection;

/**
 * Which byte pair to search for, per format, in one window. A magic can only occur in a window
 * that holds every one of its bytes, so the window's byte histogram rules out (exactly) each magic
 * with a byte of count 0: in text that is every format with a control or high byte in its magic.
 * For each format left, the anchor is the pair of adjacent magic bytes, at {@code anchorIndex},
 * that is rarest in this window by its bytes' counts; every occurrence of a magic has its anchor
 * pair at {@code anchorIndex} past its start, so searching the anchor pairs finds them all, in
 * position order. Refilled per window; not used when more than {@link #HOT_SLOTS} distinct pairs are
 * needed or they are likely common (binary data), where the first-byte scan is as fast.
 */
final class AnchorPlan {
    /** Distinct anchor pairs the word loop compares at once. */
    static final int HOT_SLOTS = 4;
    /** Most anchor pairs of one format (zlib's second bytes, cpio's binary and ASCII magics). */
    private static final int MAX_PER_FORMAT = 4;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** The formats to search: {@code sigs[0, formats)} are signature indexes. */
    int formats;
    final int[] sigs;
    /** For each planned format, the magic index of its anchor. */
    final int[] anchorIndex;
    /**
     * Format f's anchor pairs are {@code (first[a], second[a])} for a in
     * {@code [anchorFrom[f], anchorFrom[f + 1])}, each byte repeated in all eight lanes.
     */
    final int[] anchorFrom;
    final long[] first;
    final long[] second;
    /** The distinct anchor pairs of all formats, repeated to fill the slots. */
    final long[] hotFirst = new long[HOT_SLOTS];
    final long[] hotSecond = new long[HOT_SLOTS];
    /** How many of the slots hold distinct pairs. */
    int hotCount;
    /**
     * With one anchor pair: a third byte every possible magic has beside it, in all eight lanes, so the
     * word loop can test three bytes instead of two; {@link #hasThird} says whether there is one, and
     * {@link #thirdAt} where it sits from the pair's first byte (2: after the pair, -1: before it). In
     * text the pair alone (two letters of tar's "ustar") occurs about once a kilobyte, and each sends the
     * loop to its slow path.
     */
    long hotThird;
    boolean hasThird;
    int thirdAt;

    private final byte[][][] magicsBySig;
    private final boolean[] live;
    private final int[] distinct = new int[HOT_SLOTS];
    private final int[] set = new int[MAX_PER_FORMAT];
    private final int[] best = new int[MAX_PER_FORMAT];

    /**
     * A plan for the magics of each signature, refilled by {@link #fill} for each window: one per
     * detector, so planning a window allocates nothing.
     */
    AnchorPlan(byte[][][] magicsBySig) {
        this.magicsBySig = magicsBySig;
        int n = magicsBySig.length;
        int most = 0;
        for (byte[][] m : magicsBySig) {
            most = Math.max(most, m.length);
        }
        sigs = new int[n];
        anchorIndex = new int[n];
        anchorFrom = new int[n + 1];
        first = new long[n * MAX_PER_FORMAT];
        second = new long[n * MAX_PER_FORMAT];
        live = new boolean[most];
    }

    /**
     * Plans the window with byte counts {@code histogram}, skipping formats already {@code found};
     * false when the first-byte scan is the better choice.
     */
    boolean fill(Detection[] found, long[] histogram) {
        int n = magicsBySig.length;
        long total = 0;
        for (long c : histogram) {
            total += c;
        }
        if (total == 0) {
            return false;
        }
        int formats = 0;
        int anchors = 0;
        int hot = 0;
        double expectedHits = 0;
        for (int si = 0; si < n; si++) {
            if (found[si] != null) {
                continue;
            }
            byte[][] magics = magicsBySig[si];
            int minLen = Integer.MAX_VALUE; // of the magics whose bytes all occur in the window
            for (int mi = 0; mi < magics.length; mi++) {
                live[mi] = possible(magics[mi], histogram);
                if (live[mi]) {
                    minLen = Math.min(minLen, magics[mi].length);
                }
            }
            if (minLen == Integer.MAX_VALUE) {
                continue; // none of its magics can be in this window
            }
            if (minLen < 2) {
                return false;
            }
            int bestIndex = -1;
            double bestCost = Double.MAX_VALUE;
            int bestSize = 0;
            for (int j = 0; j + 1 < minLen; j++) {
                int size = 0;
                double cost = 0;
                for (int mi = 0; mi < magics.length; mi++) {
                    if (!live[mi]) {
                        continue;
                    }
                    byte[] m = magics[mi];
                    int pair = (m[j] & 0xFF) << 8 | (m[j + 1] & 0xFF);
                    if (indexOf(set, size, pair) < 0) {
                        if (size == MAX_PER_FORMAT) {
                            size = MAX_PER_FORMAT + 1;
                            break;
                        }
                        set[size++] = pair;
                        cost += expected(pair, histogram, total);
                    }
                }
                if (size <= MAX_PER_FORMAT && cost < bestCost) {
                    bestIndex = j;
                    bestCost = cost;
                    bestSize = size;
                    System.arraycopy(set, 0, best, 0, size);
                }
            }
            if (bestIndex < 0) {
                return false;
            }
            sigs[formats] = si;
            anchorIndex[formats] = bestIndex;
            anchorFrom[formats] = anchors;
            for (int k = 0; k < bestSize; k++) {
                int pair = best[k];
                first[anchors] = (pair >>> 8) * ONES;
                second[anchors] = (pair & 0xFF) * ONES;
                anchors++;
                if (indexOf(distinct, hot, pair) < 0) {
                    if (hot == HOT_SLOTS) {
                        return false;
                    }
                    distinct[hot++] = pair;
                    expectedHits += expected(pair, histogram, total);
                }
            }
            formats++;
        }
        // Each hit costs a trip through the slow path: with common anchor pairs the first-byte scan
        // with its pair filter is cheaper.
        if (expectedHits > total / 64.0) {
            return false;
        }
        anchorFrom[formats] = anchors;
        this.formats = formats;
        hotCount = hot;
        int third = -1;
        if (hot == 1) {
            thirdAt = 2;
            third = commonThird(histogram, 2);
            if (third < 0) {
                thirdAt = -1;
                third = commonThird(histogram, -1);
            }
        }
        hasThird = third >= 0;
        hotThird = Math.max(third, 0) * ONES;
        for (int k = 0; k < HOT_SLOTS; k++) {
            int pair = hot == 0 ? 0 : distinct[k < hot ? k : 0];
            hotFirst[k] = (pair >>> 8) * ONES;
            hotSecond[k] = (pair & 0xFF) * ONES;
        }
        return true;
    }

    /**
     * The byte at {@code at} from the anchor pair in every magic of the planned formats that can occur in the
     * window, or -1 when some magic has none there or two differ.
     */
    private int commonThird(long[] histogram, int at) {
        int third = -1;
        for (int f = 0; f < formats; f++) {
            int k = anchorIndex[f] + at;
            for (byte[] m : magicsBySig[sigs[f]]) {
                if (!possible(m, histogram)) {
                    continue;
                }
                if (k < 0 || k >= m.length || third >= 0 && third != (m[k] & 0xFF)) {
                    return -1;
                }
                third = m[k] & 0xFF;
            }
        }
        return third;
    }

    /** How often the byte pair should occur in the window if its bytes were independent. */
    private static double expected(int pair, long[] histogram, long total) {
        return (double) histogram[pair >>> 8] * histogram[pair & 0xFF] / total;
    }

    /** Whether every byte of {@code magic} occurs in the window. */
    static boolean possible(byte[] magic, long[] histogram) {
        for (byte b : magic) {
            if (histogram[b & 0xFF] == 0) {
                return false;
            }
        }
        return true;
    }

    /** The high bit of each byte lane of {@code word} that equals the lanes of {@code broadcast}; exact, no false hits. */
    static long equalBytes(long word, long broadcast) {
        long x = word ^ broadcast;
        return ~((x & LOW7) + LOW7 | x | LOW7);
    }

    /**
     * Nonzero when {@code x} or {@code y} has a zero byte lane: the word loop's filter. Cheaper
     * than {@link #equalBytes}, it may also flag lanes above a zero one, which the exact check after
     * it sorts out.
     */
    static long anyZero(long x, long y) {
        return ((x - ONES) & ~x | (y - ONES) & ~y) & HIGHS;
    }

    /** {@link #anyZero(long, long)} of one word. */
    static long anyZero(long x) {
        return Bin.zeroByteLanes(x);
    }

    private static int indexOf(int[] a, int size, int v) {
        for (int i = 0; i < size; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
