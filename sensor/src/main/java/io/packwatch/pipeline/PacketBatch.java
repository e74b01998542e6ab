package io.packwatch.pipeline;

import io.packwatch.decode.Packet;

/**
 * Decoded packets on their way from the reader thread to a flow worker, handed over a batch at
 * a time so the threads meet once per few hundred packets. Batches are recycled: the packets and
 * the byte area are allocated once. Only payload bytes travel; headers are already decoded.
 */
final class PacketBatch {
    static final int PACKETS = 512;
    private static final int BYTES = 1 << 20;

    final Packet[] packets = new Packet[PACKETS];
    final boolean[] accept = new boolean[PACKETS];
    private final byte[] bytes = new byte[BYTES];
    int count;
    private int used;
    /** Packet time (ns) to advance the flow table to after the packets; 0 for none. */
    long clock;

    PacketBatch() {
        for (int i = 0; i < PACKETS; i++) {
            packets[i] = new Packet();
        }
    }

    /** Adds a copy of {@code p}; false when the batch is full. */
    boolean add(Packet p, boolean acceptPayload) {
        int n = p.payloadLength;
        if (count == PACKETS || used + n > BYTES && count > 0) {
            return false;
        }
        Packet copy = packets[count];
        copy.copyFrom(p);
        if (n <= BYTES) {
            System.arraycopy(p.buf, p.payloadOffset, bytes, used, n);
            copy.buf = bytes;
            copy.payloadOffset = used;
            used += n;
        } else {
            // A rebuilt datagram larger than the area travels as its own array.
            byte[] own = new byte[n];
            System.arraycopy(p.buf, p.payloadOffset, own, 0, n);
            copy.buf = own;
            copy.payloadOffset = 0;
        }
        accept[count++] = acceptPayload;
        return true;
    }

    boolean isEmpty() {
        return count == 0 && clock == 0;
    }

    void clear() {
        count = 0;
        used = 0;
        clock = 0;
    }
}
