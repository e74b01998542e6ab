package io.packwatch.inspect.format;

import io.packwatch.inspect.Detection;
import io.packwatch.inspect.Detector;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Finds archives in raw bytes anywhere in a window: scans for every signature's magic through a
 * first-byte dispatch table, validates each hit at (hit - signature offset) and reports at most one
 * detection per format (the earliest validated) and at most {@link #MAX_DETECTIONS} in all.
 * One per worker thread: it reuses its scan plan from window to window.
 */
public final class SignatureDetector implements Detector {
    /** Most detections returned by one call. */
    public static final int MAX_DETECTIONS = 8;
    /** Candidates of one format validated per call; beyond that they are rejected unexamined (bounds work). */
    static final int MAX_CANDIDATES_PER_FORMAT = 64;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Signature[] sigs;
    private final Validator[] validators;
    /** For each first byte: the (signature index, magic) pairs whose magic starts with it. */
    private final int[][] sigIndexByByte = new int[256][];
    private final byte[][][] magicByByte = new byte[256][][];
    /** Bit (b0 << 8 | b1) is set when some magic starts with bytes b0, b1: most positions fail this one test. */
    private final long[] firstPairs = new long[1024];
    /** Each signature's magics, in file order: what a candidate position is compared against. */
    private final byte[][][] magicsBySig;
    private final LongAdder rejected = new LongAdder();
    /** The distinct offsets at which magics sit (0, and tar's 257): what {@link #mayStartWithFormat} tests. */
    private final int[] magicOffsets;
    /**
     * Per-window state, refilled by each call: the detector is one worker's, and its calls never
     * nest. For each signature, its detection so far and how many candidates were tried.
     */
    private final AnchorPlan plan;
    private final Detection[] found;
    private final int[] tried;
    /** Whether {@link #found} may hold detections of an earlier call. */
    private boolean dirty;

    public SignatureDetector(List<Signature> signatures) {
        sigs = signatures.toArray(new Signature[0]);
        validators = new Validator[sigs.length];
        List<List<int[]>> idx = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            idx.add(new ArrayList<>());
        }
        List<byte[]> magics = new ArrayList<>();
        for (int i = 0; i < sigs.length; i++) {
            Signature s = sigs[i];
            if (!s.magicOnly()) {
                validators[i] = Validators.byName(s.validator());
                if (validators[i] == null) {
                    throw new IllegalArgumentException(s.origin() + ": unknown validator '" + s.validator() + "'");
                }
            }
            for (byte[] m : s.magics()) {
                idx.get(m[0] & 0xFF).add(new int[] {i, magics.size()});
                magics.add(m);
                for (int second = 0; second < 256; second++) {
                    if (m.length == 1 || (m[1] & 0xFF) == second) {
                        int pair = (m[0] & 0xFF) << 8 | second;
                        firstPairs[pair >>> 6] |= 1L << pair;
                    }
                }
            }
        }
        magicsBySig = new byte[sigs.length][][];
        for (int i = 0; i < sigs.length; i++) {
            magicsBySig[i] = sigs[i].magics().toArray(new byte[0][]);
        }
        plan = new AnchorPlan(magicsBySig);
        found = new Detection[sigs.length];
        tried = new int[sigs.length];
        magicOffsets = java.util.Arrays.stream(sigs).mapToInt(Signature::offset).distinct().sorted().toArray();
        for (int b = 0; b < 256; b++) {
            List<int[]> l = idx.get(b);
            if (!l.isEmpty()) {
                sigIndexByByte[b] = new int[l.size()];
                magicByByte[b] = new byte[l.size()][];
                for (int k = 0; k < l.size(); k++) {
                    sigIndexByByte[b][k] = l.get(k)[0];
                    magicByByte[b][k] = magics.get(l.get(k)[1]);
                }
            }
        }
    }

    /**
     * Whether a magic could start at {@code off} (at its own offset from there, e.g. tar's at
     * 257): the byte-pair filter of {@link #detect}, without validating anything.
     */
    @Override
    public boolean mayStartWithFormat(byte[] data, int off, int len) {
        for (int o : magicOffsets) {
            int at = off + o;
            if (at + 1 < off + len) {
                int pair = (data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF);
                if ((firstPairs[pair >>> 6] & (1L << pair)) != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A detector for the signatures in {@code dir} (every {@code *.yaml}). */
    public static SignatureDetector fromDirectory(Path dir) {
        return new SignatureDetector(SignatureLoader.load(dir));
    }

    /** Magic hits that failed validation (or were not examined because of the per-call budget), since creation. */
    public long rejectedCandidates() {
        return rejected.sum();
    }

    @Override
    public List<Detection> detect(byte[] data, int off, int len, boolean complete) {
        if (data == null || off < 0 || len <= 0 || off > data.length || len > data.length - off) {
            return List.of();
        }
        return detect(data, off, len, complete, Bin.histogram(data, off, len));
    }

    /**
     * {@inheritDoc} Magics with a byte of count 0 are ruled out and the rest searched by anchor
     * pairs ({@link AnchorPlan}); a null {@code histogram} scans every position.
     */
    @Override
    public List<Detection> detect(byte[] data, int off, int len, boolean complete, long[] histogram) {
        if (data == null || off < 0 || len <= 0 || off > data.length || len > data.length - off) {
            return List.of();
        }
        int end = off + len;
        Detection[] found = this.found;
        int[] tried = this.tried;
        if (dirty) {
            java.util.Arrays.fill(found, null); // a call that threw left its detections behind
        }
        dirty = true;
        java.util.Arrays.fill(tried, 0);
        int remaining = sigs.length;
        for (int i = 0; i < sigs.length; i++) {
            if (sigs[i].probeAtStart()) {
                String d = validate(i, data, off, end);
                if (d != null) {
                    found[i] = detection(i, off, off, d);
                    remaining--;
                }
            }
        }
        if (histogram != null && plan.fill(found, histogram)) {
            scanAnchors(plan, data, off, end, found, tried);
        } else {
            scanAll(data, off, end, histogram, found, tried, remaining);
        }
        return results(found);
    }

    /** {@link #detect} without the histogram: every position scanned, nothing ruled out. The reference the pruning is tested against. */
    List<Detection> detectScanningAll(byte[] data, int off, int len, boolean complete) {
        return detect(data, off, len, complete, null);
    }

    /**
     * The scan when the byte histogram leaves few anchor pairs: eight positions at a time, each
     * word and the word one byte on compared with every anchor pair at once; a format's candidates
     * come in position order.
     */
    private void scanAnchors(AnchorPlan plan, byte[] data, int off, int end, Detection[] found, int[] tried) {
        if (plan.formats == 0) {
            return;
        }
        int i = scanWords(plan, data, off, end, found, tried);
        // The last positions one at a time; a pair needs both bytes in the window.
        for (int pending = 1; i >= 0 && i + 1 < end && pending > 0; i++) {
            pending = candidatesInWord(plan, data[i] & 0xFFL, data[i + 1] & 0xFFL, 0x80L, i, data, off, end,
                    found, tried);
        }
    }

    /**
     * The word loop of {@link #scanAnchors}: returns where it stopped, or -1 when every planned format is found.
     * Its tests are chosen once per window (C2 unswitches the loop on them), and it is a method of its own: kept
     * inside a larger one, C2 ran out of inlining budget and left some word loads as {@code VarHandle} calls.
     */
    private int scanWords(AnchorPlan plan, byte[] data, int off, int end, Detection[] found, int[] tried) {
        long a0 = plan.hotFirst[0];
        long a1 = plan.hotFirst[1];
        long a2 = plan.hotFirst[2];
        long a3 = plan.hotFirst[3];
        long b0 = plan.hotSecond[0];
        long b1 = plan.hotSecond[1];
        long b2 = plan.hotSecond[2];
        long b3 = plan.hotSecond[3];
        long c0 = plan.hotThird;
        // One pair and a byte beside it (text often leaves only tar's "ustar"): one zero-lane test a word.
        boolean third = plan.hasThird;
        boolean four = plan.hotCount > 2;
        int at = third ? plan.thirdAt : 0;
        // a pair at the window's first byte has no magic byte before it: no candidate there
        int i = at < 0 ? off + 1 : off;
        for (int last = end - 10; i <= last; i += 8) {
            long v = (long) LONGS.get(data, i);
            long w = (long) LONGS.get(data, i + 1);
            // The hot loop: a lane is zero where its pair starts, and most words hold none.
            long hits = third ? AnchorPlan.anyZero(v ^ a0 | w ^ b0 | (long) LONGS.get(data, i + at) ^ c0)
                    : four ? AnchorPlan.anyZero(v ^ a0 | w ^ b0, v ^ a1 | w ^ b1)
                            | AnchorPlan.anyZero(v ^ a2 | w ^ b2, v ^ a3 | w ^ b3)
                    : AnchorPlan.anyZero(v ^ a0 | w ^ b0, v ^ a1 | w ^ b1);
            if (hits != 0 && candidatesInWord(plan, v, w, -1L, i, data, off, end, found, tried) == 0) {
                return -1;
            }
        }
        return i;
    }

    /**
     * Tries the candidates whose anchor pair starts in {@code word} (the bytes at {@code at}, low
     * byte first; {@code next} holds the bytes one on). For the tail they are lone bytes and
     * {@code lanes} is 0x80, so only the low lane counts. Returns how many planned formats are
     * still unfound.
     */
    private int candidatesInWord(AnchorPlan plan, long word, long next, long lanes, int at, byte[] data, int off,
                                 int end, Detection[] found, int[] tried) {
        int pending = 0;
        for (int f = 0; f < plan.formats; f++) {
            int si = plan.sigs[f];
            if (found[si] != null) {
                continue;
            }
            long hits = 0;
            for (int a = plan.anchorFrom[f]; a < plan.anchorFrom[f + 1]; a++) {
                hits |= AnchorPlan.equalBytes(word, plan.first[a]) & AnchorPlan.equalBytes(next, plan.second[a]);
            }
            hits &= lanes;
            while (hits != 0 && found[si] == null) {
                int p = at + (Long.numberOfTrailingZeros(hits) >>> 3) - plan.anchorIndex[f];
                hits &= hits - 1;
                if (p >= off) {
                    for (byte[] m : magicsBySig[si]) {
                        if (found[si] == null && m.length <= end - p && data[p] == m[0] && matches(data, p, m)) {
                            tryCandidate(si, data, p, off, end, found, tried);
                        }
                    }
                }
            }
            if (found[si] == null) {
                pending++;
            }
        }
        return pending;
    }

    /**
     * The scan for any window, every position. Two loops test the same thing, the byte-pair bitmap (the first two
     * bytes of every magic) and the first-byte table, in the order that keeps the loop's branch predictable:
     * where few bytes start a magic (text), the first-byte table first; where many do (random bytes, where the
     * histogram rules nothing out and about one byte in ten starts some magic), the bitmap first, which a
     * position passes about once in 1,500. One loop testing the order as a flag measured a third slower on text
     * (JMH {@code DetectorBenchmark.formatsCounted}: 53,000 against 77,000 windows/s).
     */
    private void scanAll(byte[] data, int off, int end, long[] histogram, Detection[] found, int[] tried,
                         int remaining) {
        int last = end - 1;
        if (histogram != null && firstByteCount(histogram) * 16 < end - off) {
            int next = data[off] & 0xFF;
            for (int p = off; p < last && remaining > 0; p++) {
                int cur = next;
                next = data[p + 1] & 0xFF;
                if (sigIndexByByte[cur] != null && pairStartsMagic(cur << 8 | next)) {
                    remaining -= tryMagicsAt(cur, data, p, off, end, found, tried);
                }
            }
        } else {
            int next = data[off] & 0xFF;
            for (int p = off; p < last && remaining > 0; p++) {
                int cur = next;
                next = data[p + 1] & 0xFF;
                if (pairStartsMagic(cur << 8 | next)) {
                    remaining -= tryMagicsAt(cur, data, p, off, end, found, tried);
                }
            }
        }
        if (remaining > 0) {
            tryMagicsAt(data[last] & 0xFF, data, last, off, end, found, tried); // only a one-byte magic fits
        }
    }

    private boolean pairStartsMagic(int pair) {
        return (firstPairs[pair >>> 6] & (1L << pair)) != 0;
    }

    /** How many of the window's bytes are the first byte of some magic. */
    private long firstByteCount(long[] histogram) {
        long n = 0;
        for (int b = 0; b < 256; b++) {
            if (sigIndexByByte[b] != null) {
                n += histogram[b];
            }
        }
        return n;
    }

    /** Tries the magics that start with byte {@code first} at {@code p}; returns how many formats it found. */
    private int tryMagicsAt(int first, byte[] data, int p, int off, int end, Detection[] found, int[] tried) {
        int[] cand = sigIndexByByte[first];
        if (cand == null) {
            return 0;
        }
        byte[][] mags = magicByByte[first];
        int n = 0;
        for (int k = 0; k < cand.length; k++) {
            int si = cand[k];
            byte[] m = mags[k];
            if (found[si] == null && m.length <= end - p && matches(data, p, m)
                    && tryCandidate(si, data, p, off, end, found, tried)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Validates format {@code si} whose magic sits at {@code p}, within the per-format budget.
     * Returns true when it is found.
     */
    private boolean tryCandidate(int si, byte[] data, int p, int off, int end, Detection[] found, int[] tried) {
        int start = p - sigs[si].offset();
        if (start < off) {
            return false;
        }
        if (validators[si] == null) {
            found[si] = new Detection(sigs[si].format(), start - off, "none", List.of(sigs[si].format()),
                    false, "magic only (validator none)");
            return true;
        }
        if (++tried[si] > MAX_CANDIDATES_PER_FORMAT) {
            rejected.increment();
            return false;
        }
        String d = validate(si, data, start, end);
        if (d == null) {
            rejected.increment();
            return false;
        }
        found[si] = detection(si, start, off, d);
        return true;
    }

    /** The detections found, validated first and then by offset; clears {@link #found} for the next call. */
    private List<Detection> results(Detection[] found) {
        List<Detection> out = null;
        for (int i = 0; i < found.length; i++) {
            if (found[i] != null) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(found[i]);
                found[i] = null;
            }
        }
        dirty = false;
        if (out == null) {
            return List.of();
        }
        out.sort(Detection.ORDER);
        return out.size() > MAX_DETECTIONS ? List.copyOf(out.subList(0, MAX_DETECTIONS)) : List.copyOf(out);
    }

    private Detection detection(int si, int start, int off, String detail) {
        String f = sigs[si].format();
        return new Detection(f, start - off, "none", List.of(f), true, detail);
    }

    private String validate(int si, byte[] data, int start, int end) {
        try {
            return validators[si].validate(data, start, end);
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    private static boolean matches(byte[] data, int p, byte[] m) {
        for (int i = 1; i < m.length; i++) {
            if (data[p + i] != m[i]) {
                return false;
            }
        }
        return true;
    }
}
