package io.packwatch.app;

/**
 * The DATA packets of one TFTP transfer in one direction (RFC 1350: opcode 3, a 16-bit block number, then the
 * block; RFC 2348's blksize sets the size of every block but the last). A direction whose first datagram is DATA
 * block 1 is read as one: each block's bytes go on without their 4-byte header, so the object is the file itself
 * (its SHA-256 is the file's, and an archive lists past its first block); a retransmitted block is dropped. TFTP
 * carries the data on a port of the server's choosing, away from the request on port 69, so the transfer is
 * recognized by its blocks alone.
 */
final class TftpBlocks {
    static final int HEADER = 4;
    private static final int DATA = 3;
    /** RFC 2348's largest blksize. */
    private static final int MAX_BLOCK = 65464;

    /** What a datagram is to the transfer. */
    enum Verdict { NEXT, DUPLICATE, NOT_A_BLOCK }

    private final int blockSize;
    private int block = 1;
    private int lastLength;
    /** A block shorter than the block size came: that was the last. */
    private boolean ended;

    /** Whether {@code b[off, off + len)} is DATA block 1, which starts a transfer. */
    static boolean starts(byte[] b, int off, int len) {
        return len >= HEADER && len <= HEADER + MAX_BLOCK && opcode(b, off) == DATA && number(b, off) == 1;
    }

    /** A transfer whose block 1 was {@code len} bytes long, header included. */
    TftpBlocks(int len) {
        blockSize = len - HEADER;
        lastLength = len;
        // block 1 sets the size; a shorter one can only be the whole file (512, the default, or the blksize)
        ended = blockSize < 512;
    }

    Verdict next(byte[] b, int off, int len) {
        if (len < HEADER || opcode(b, off) != DATA) {
            return Verdict.NOT_A_BLOCK;
        }
        int n = number(b, off);
        if (n == block && len == lastLength) {
            return Verdict.DUPLICATE;
        }
        if (ended || n != (block + 1 & 0xffff) || len - HEADER > blockSize) {
            return Verdict.NOT_A_BLOCK;
        }
        block = n;
        lastLength = len;
        ended = len - HEADER < blockSize;
        return Verdict.NEXT;
    }

    private static int opcode(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | b[off + 1] & 0xff;
    }

    private static int number(byte[] b, int off) {
        return (b[off + 2] & 0xff) << 8 | b[off + 3] & 0xff;
    }
}
