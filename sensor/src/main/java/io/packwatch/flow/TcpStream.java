package io.packwatch.flow;

import io.packwatch.decode.ByteRangeBuffer;

/**
 * Reassembly state of one direction of a TCP flow. Sequence numbers are turned into 64-bit
 * stream offsets on arrival, so wrap-around past 2^32 needs no special case anywhere else.
 */
final class TcpStream {
    boolean initialized;
    /** Next expected sequence number, and the stream offset it stands for. */
    int nextSeq;
    long nextOffset;
    /** Out-of-order data, created on first need. */
    ByteRangeBuffer pending;
    long delivered;
    long gapBytes;
    long conflicts;
    boolean depthReached;
    boolean finSeen;
    int finSeq;
    boolean closed;

    /** Stream offset of {@code seq}, relative to the next expected byte. */
    long offsetOf(int seq) {
        return nextOffset + (seq - nextSeq);
    }

    void advanceTo(long offset) {
        nextSeq += (int) (offset - nextOffset);
        nextOffset = offset;
    }
}
