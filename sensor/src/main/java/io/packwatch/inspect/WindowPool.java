package io.packwatch.inspect;

import java.util.ArrayDeque;

/**
 * Recycles detection-window arrays by size class (4 KiB doubling up to the window size), so
 * that tens of thousands of objects a second do not each allocate and discard their windows.
 * One per worker; a few free arrays per class are kept, the rest left to the collector.
 */
final class WindowPool {
    static final int SMALLEST = 4096;
    private static final int KEEP_PER_CLASS = 64;

    private final int largest;
    private final ArrayDeque<byte[]>[] free;

    @SuppressWarnings("unchecked")
    WindowPool(int largest) {
        this.largest = largest;
        int classes = 1;
        for (int size = SMALLEST; size < largest; size *= 2) {
            classes++;
        }
        free = new ArrayDeque[classes];
        for (int i = 0; i < classes; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /** The capacity of the size class that holds {@code need} bytes. */
    int capacityFor(int need) {
        int size = need <= SMALLEST ? SMALLEST : Integer.highestOneBit(need - 1) << 1;
        return Math.min(size, largest);
    }

    byte[] take(int capacity) {
        byte[] b = free[classOf(capacity)].poll();
        return b != null && b.length == capacity ? b : new byte[capacity];
    }

    void give(byte[] b) {
        if (b.length == 0) {
            return;
        }
        ArrayDeque<byte[]> q = free[classOf(b.length)];
        if (q.size() < KEEP_PER_CLASS) {
            q.push(b);
        }
    }

    private int classOf(int capacity) {
        if (capacity <= SMALLEST) {
            return 0;
        }
        int doublings = 32 - Integer.numberOfLeadingZeros(capacity - 1) - Integer.numberOfTrailingZeros(SMALLEST);
        return Math.min(doublings, free.length - 1);
    }
}
