package io.packwatch.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * Bytes waiting to be put in order: out-of-order TCP segments, or the fragments of an IP
 * datagram. Pieces never overlap; where new data meets old, the {@link OverlapPolicy} decides
 * per byte range which wins, and ranges whose bytes differ are counted as conflicts (an evasion
 * indicator: a benign host never sends two versions of the same bytes).
 */
public final class ByteRangeBuffer {
    /** One buffered run of bytes at an absolute offset. */
    private static final class Piece {
        final long start;
        final byte[] data;

        Piece(long start, byte[] data) {
            this.start = start;
            this.data = data;
        }

        long end() {
            return start + data.length;
        }
    }

    /** What an insert found, for the caller's counters. */
    public static final class Overlap {
        public long overlappingBytes;
        public long conflictingBytes;
        /** True when the memcap refused part of the data, which is then lost. */
        public boolean refused;

        void clear() {
            overlappingBytes = 0;
            conflictingBytes = 0;
            refused = false;
        }
    }

    private final List<Piece> pieces = new ArrayList<>();
    private final Memcap memcap;
    private long bufferedBytes;

    public ByteRangeBuffer(Memcap memcap) {
        this.memcap = memcap;
    }

    public boolean isEmpty() {
        return pieces.isEmpty();
    }

    public int pieceCount() {
        return pieces.size();
    }

    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** Offset of the first buffered byte; only valid when not empty. */
    public long firstStart() {
        return pieces.get(0).start;
    }

    /** Offset where the run of contiguous bytes starting at the first piece ends. */
    public long contiguousEnd() {
        long end = pieces.get(0).end();
        for (int i = 1; i < pieces.size() && pieces.get(i).start == end; i++) {
            end = pieces.get(i).end();
        }
        return end;
    }

    /** How many bytes of [start, start+len) are buffered already. */
    public long coveredBytes(long start, long len) {
        long end = start + len;
        long n = 0;
        for (int i = firstPieceEndingAfter(start); i < pieces.size() && pieces.get(i).start < end; i++) {
            Piece p = pieces.get(i);
            n += Math.min(end, p.end()) - Math.max(start, p.start);
        }
        return n;
    }

    /**
     * Adds {@code len} bytes that belong at offset {@code start}, resolving overlaps by policy.
     * Overlap figures are written to {@code out}.
     */
    public void insert(long start, byte[] src, int off, int len, OverlapPolicy policy, Overlap out) {
        out.clear();
        long end = start + len;
        long cursor = start;
        int i = firstPieceEndingAfter(start);
        List<Piece> added = null;
        while (cursor < end) {
            Piece p = i < pieces.size() ? pieces.get(i) : null;
            if (p == null || p.start >= end) {
                added = addPiece(added, cursor, src, off + (int) (cursor - start), (int) (end - cursor), out);
                break;
            }
            if (cursor < p.start) {
                added = addPiece(added, cursor, src, off + (int) (cursor - start), (int) (p.start - cursor), out);
                cursor = p.start;
            }
            long ovEnd = Math.min(end, p.end());
            int n = (int) (ovEnd - cursor);
            int newAt = off + (int) (cursor - start);
            int oldAt = (int) (cursor - p.start);
            out.overlappingBytes += n;
            out.conflictingBytes += countDifferent(src, newAt, p.data, oldAt, n);
            if (policy.newWins(start, end, p.start, p.end())) {
                System.arraycopy(src, newAt, p.data, oldAt, n);
            }
            cursor = ovEnd;
            i++;
        }
        if (added != null) {
            for (Piece p : added) {
                pieces.add(firstPieceEndingAfter(p.start), p);
            }
        }
    }

    private List<Piece> addPiece(List<Piece> added, long at, byte[] src, int off, int len, Overlap out) {
        if (!memcap.reserve(len)) {
            out.refused = true;
            return added;
        }
        byte[] copy = new byte[len];
        System.arraycopy(src, off, copy, 0, len);
        bufferedBytes += len;
        List<Piece> list = added == null ? new ArrayList<>(2) : added;
        list.add(new Piece(at, copy));
        return list;
    }

    private static int countDifferent(byte[] a, int aOff, byte[] b, int bOff, int n) {
        int mismatch = java.util.Arrays.mismatch(a, aOff, aOff + n, b, bOff, bOff + n);
        if (mismatch < 0) {
            return 0;
        }
        int diff = 0;
        for (int k = mismatch; k < n; k++) {
            if (a[aOff + k] != b[bOff + k]) {
                diff++;
            }
        }
        return diff;
    }

    private int firstPieceEndingAfter(long offset) {
        int lo = 0;
        int hi = pieces.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pieces.get(mid).end() <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Receives contiguous bytes taken out of the buffer. */
    public interface Sink {
        void accept(byte[] data, int off, int len);
    }

    /**
     * Hands every buffered byte from {@code from} onwards that is contiguous with it to
     * {@code sink}, dropping pieces (or their parts) that lie before {@code from}.
     *
     * @return the offset after the last byte handed out
     */
    public long drainFrom(long from, Sink sink) {
        long next = from;
        while (!pieces.isEmpty()) {
            Piece p = pieces.get(0);
            if (p.start > next) {
                break;
            }
            pieces.remove(0);
            release(p);
            if (p.end() > next) {
                int skip = (int) (next - p.start);
                sink.accept(p.data, skip, p.data.length - skip);
                next = p.end();
            }
        }
        return next;
    }

    /** Copies the contiguous range {@code [from, from + len)} to {@code dst}; true when all of it is here. */
    public boolean copyRange(long from, byte[] dst, int dstOff, int len) {
        long need = from;
        long end = from + len;
        for (Piece p : pieces) {
            if (p.end() <= need) {
                continue;
            }
            if (p.start > need) {
                return false;
            }
            int n = (int) (Math.min(end, p.end()) - need);
            System.arraycopy(p.data, (int) (need - p.start), dst, dstOff + (int) (need - from), n);
            need += n;
            if (need == end) {
                return true;
            }
        }
        return need == end;
    }

    public void clear() {
        for (Piece p : pieces) {
            release(p);
        }
        pieces.clear();
    }

    private void release(Piece p) {
        bufferedBytes -= p.data.length;
        memcap.release(p.data.length);
    }
}
