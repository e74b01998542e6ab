package io.packwatch.inspect.format;

import io.packwatch.inspect.Detection;

/**
 * Which byte pair to search for, per format, in one window. A magic can only occur in a window
 * that holds every one of its bytes, so the window's byte histogram rules out (exactly) each magic
 * with a byte of count 0: in text that is every format with a control or high byte in its magic.
 * For each format left, the anchor is the pair of adjacent magic bytes, at {@code anchorIndex},
 * that is rarest in this window by its bytes' counts; every occurrence of a magic has its anchor
 * pair at {@code anchorIndex} past its start, so searching the anchor pairs finds them all, in
 * position order. Built per call; not used when more than {@link #HOT_SLOTS} distinct pairs are
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

    /** Signature indexes to search, and for each the magic index of its anchor. */
    final int[] sigs;
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

    private AnchorPlan(int[] sigs, int[] anchorIndex, int[] anchorFrom, long[] first, long[] second) {
        this.sigs = sigs;
        this.anchorIndex = anchorIndex;
        this.anchorFrom = anchorFrom;
        this.first = first;
        this.second = second;
    }

    /**
     * The plan for a window with byte counts {@code histogram}, skipping formats already
     * {@code found}; null when the first-byte scan is the better choice.
     */
    static AnchorPlan of(byte[][][] magicsBySig, Detection[] found, long[] histogram) {
        int n = magicsBySig.length;
        long total = 0;
        for (long c : histogram) {
            total += c;
        }
        if (total == 0) {
            return null;
        }
        int[] sigs = new int[n];
        int[] index = new int[n];
        int[] from = new int[n + 1];
        long[] firsts = new long[n * MAX_PER_FORMAT];
        long[] seconds = new long[n * MAX_PER_FORMAT];
        int[] distinct = new int[HOT_SLOTS];
        int formats = 0;
        int anchors = 0;
        int hot = 0;
        double expectedHits = 0;
        int[] set = new int[MAX_PER_FORMAT];
        int[] best = new int[MAX_PER_FORMAT];
        for (int si = 0; si < n; si++) {
            if (found[si] != null) {
                continue;
            }
            byte[][] magics = magicsBySig[si];
            boolean[] live = new boolean[magics.length]; // each magic's bytes all occur in the window
            int minLen = Integer.MAX_VALUE;
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
                return null;
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
                return null;
            }
            sigs[formats] = si;
            index[formats] = bestIndex;
            from[formats] = anchors;
            for (int k = 0; k < bestSize; k++) {
                int pair = best[k];
                firsts[anchors] = (pair >>> 8) * ONES;
                seconds[anchors] = (pair & 0xFF) * ONES;
                anchors++;
                if (indexOf(distinct, hot, pair) < 0) {
                    if (hot == HOT_SLOTS) {
                        return null;
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
            return null;
        }
        from[formats] = anchors;
        AnchorPlan plan = new AnchorPlan(java.util.Arrays.copyOf(sigs, formats),
                java.util.Arrays.copyOf(index, formats), java.util.Arrays.copyOf(from, formats + 1),
                java.util.Arrays.copyOf(firsts, anchors), java.util.Arrays.copyOf(seconds, anchors));
        plan.hotCount = hot;
        for (int k = 0; k < HOT_SLOTS; k++) {
            int pair = hot == 0 ? 0 : distinct[k < hot ? k : 0];
            plan.hotFirst[k] = (pair >>> 8) * ONES;
            plan.hotSecond[k] = (pair & 0xFF) * ONES;
        }
        return plan;
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

    private static int indexOf(int[] a, int size, int v) {
        for (int i = 0; i < size; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
