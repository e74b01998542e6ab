package io.packwatch.inspect.entropy;

/**
 * Feeds a bounded sample of a stream to a {@link ByteStats}: the first {@code head} bytes in full, then blocks of
 * {@code block} bytes spread over the rest.
 *
 * <p>When the object's length is known up front the blocks are evenly spaced over it, {@code maxBlocks} at
 * most. When it is not (chunked transfers, streams), blocks start one every {@code head} bytes and the spacing
 * doubles each time {@code maxBlocks / 2} blocks have been taken at the current spacing, so the sample stays
 * O(head + block * maxBlocks / 2 * log2(length / head)) bytes and still covers the whole stream.
 *
 * <p>Defaults ({@link #Sampler(ByteStats, long)}): 64 KiB head, 4 KiB blocks, 32 blocks, i.e. at most 192 KiB
 * for a known length. Allocation-free; {@link #reset} makes it reusable.
 */
public final class Sampler {
    public static final int DEFAULT_HEAD = 64 * 1024;
    public static final int DEFAULT_BLOCK = 4 * 1024;
    public static final int DEFAULT_MAX_BLOCKS = 32;

    private final ByteStats stats;
    private final int head;
    private final int block;
    private final int maxBlocks;

    private long length;
    private long position;
    private long sampled;
    // the next block to take: [nextStart, nextStart + block)
    private long nextStart;
    private long stride;
    private int blocksAtStride;
    private int blocksTaken;

    public Sampler(ByteStats stats, long length) {
        this(stats, length, DEFAULT_HEAD, DEFAULT_BLOCK, DEFAULT_MAX_BLOCKS);
    }

    /**
     * @param length the object's length when known, else -1
     */
    public Sampler(ByteStats stats, long length, int head, int block, int maxBlocks) {
        if (head < 0 || block <= 0 || maxBlocks < 2) {
            throw new IllegalArgumentException("head >= 0, block > 0, maxBlocks >= 2");
        }
        this.stats = stats;
        this.head = head;
        this.block = block;
        this.maxBlocks = maxBlocks;
        reset(length);
    }

    /** Starts a new object of {@code length} bytes (-1 when unknown) and resets the statistics. */
    public void reset(long length) {
        stats.reset();
        this.length = length;
        position = 0;
        sampled = 0;
        blocksTaken = 0;
        blocksAtStride = 0;
        if (length >= 0) {
            long rest = Math.max(0, length - head);
            // evenly spaced: block i starts at head + i * stride, the last one ending at the end
            stride = rest <= (long) block * maxBlocks ? block : Math.max(block, (rest - block) / (maxBlocks - 1));
        } else {
            stride = Math.max(block, head);
        }
        nextStart = length >= 0 ? head : head + stride - block;
    }

    /** Feeds the next {@code len} bytes of the stream; only the sampled ones reach the statistics. */
    public void update(byte[] b, int off, int len) {
        long end = position + len;
        // the head
        if (position < head) {
            int n = (int) Math.min(len, head - position);
            stats.update(b, off, n);
            sampled += n;
        }
        // blocks
        while (true) {
            if (length >= 0 && blocksTaken >= maxBlocks) {
                break;
            }
            long bStart = nextStart;
            long bEnd = bStart + block;
            if (bStart >= end) {
                break;
            }
            long from = Math.max(bStart, Math.max(position, head));
            long to = Math.min(bEnd, end);
            if (from < to) {
                stats.update(b, off + (int) (from - position), (int) (to - from));
                sampled += to - from;
            }
            if (bEnd > end) {
                break; // the block continues in the next call
            }
            advance();
        }
        position = end;
    }

    private void advance() {
        blocksTaken++;
        if (length < 0 && ++blocksAtStride >= maxBlocks / 2) {
            blocksAtStride = 0;
            stride *= 2;
        }
        nextStart += stride;
    }

    /** Stream bytes seen so far. */
    public long position() {
        return position;
    }

    /** Bytes fed to the statistics so far. */
    public long sampled() {
        return sampled;
    }
}
