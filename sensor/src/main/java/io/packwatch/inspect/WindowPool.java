package io.packwatch.inspect;

import java.util.Arrays;

/**
 * Where one worker keeps the windows of its open objects: fixed-size chunks carved from large slabs
 * that are allocated once and then reused, most recently freed first. Growing a window takes another
 * chunk, so tens of thousands of objects a second neither allocate, zero nor copy their windows as
 * they grow, the collector never moves them, and a freed chunk is usually still in cache when the
 * next object takes it. When an object's verdict is due its chunks are gathered into one
 * contiguous array, {@link #scratch}, which the detectors read, and handed back.
 * <p>
 * Slabs are never freed: what is held is bounded by the window memcap (chunks are only taken
 * after it grants them) plus one slab. One per worker thread; not thread-safe.
 */
final class WindowPool {
    /** Chunk size for windows of at least this size; smaller windows are one chunk. */
    static final int CHUNK_BYTES = 4096;
    /**
     * 1024 chunks: 4 MiB slabs, which G1 allocates as humongous objects (at least half a region
     * for heaps up to about 16 GiB), straight into the old generation, so young collections never
     * copy them.
     */
    private static final int SLAB_SHIFT = 10;
    private static final int CHUNKS_PER_SLAB = 1 << SLAB_SHIFT;

    private final int chunkBytes;
    private final byte[] scratch;
    private byte[][] slabs = new byte[0][];
    private int[] free = new int[0];
    private int freeCount;

    WindowPool(int window) {
        this.chunkBytes = Math.max(1, Math.min(CHUNK_BYTES, window));
        this.scratch = new byte[window];
    }

    int chunkBytes() {
        return chunkBytes;
    }

    /** A free chunk, from a new slab when none is left. */
    int take() {
        if (freeCount == 0) {
            addSlab();
        }
        return free[--freeCount];
    }

    void give(int chunk) {
        free[freeCount++] = chunk;
    }

    byte[] slab(int chunk) {
        return slabs[chunk >>> SLAB_SHIFT];
    }

    int offset(int chunk) {
        return (chunk & (CHUNKS_PER_SLAB - 1)) * chunkBytes;
    }

    /**
     * The array an object's window is gathered into for its verdict; reused by the next object, so
     * it is valid only until the verdict is done.
     */
    byte[] scratch() {
        return scratch;
    }

    private void addSlab() {
        int s = slabs.length;
        slabs = Arrays.copyOf(slabs, s + 1);
        slabs[s] = new byte[CHUNKS_PER_SLAB * chunkBytes];
        free = Arrays.copyOf(free, (s + 1) * CHUNKS_PER_SLAB);
        // Pushed so that the slab's first chunk is taken first.
        for (int i = CHUNKS_PER_SLAB - 1; i >= 0; i--) {
            free[freeCount++] = s << SLAB_SHIFT | i;
        }
    }
}
