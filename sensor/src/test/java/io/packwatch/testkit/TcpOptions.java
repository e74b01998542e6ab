package io.packwatch.testkit;

import java.io.ByteArrayOutputStream;

/** Builds a TCP options block; pads with NOPs to a 4-byte multiple as real stacks do. */
public final class TcpOptions {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public TcpOptions mss(int mss) {
        return raw(2, 4, mss >>> 8, mss);
    }

    public TcpOptions windowScale(int shift) {
        return raw(3, 3, shift);
    }

    public TcpOptions sackPermitted() {
        return raw(4, 2);
    }

    public TcpOptions timestamps(long tsVal, long tsEcr) {
        raw(8, 10);
        put32(tsVal);
        put32(tsEcr);
        return this;
    }

    public TcpOptions nop() {
        return raw(1);
    }

    private TcpOptions raw(int... bytes) {
        for (int b : bytes) {
            out.write(b & 0xFF);
        }
        return this;
    }

    private void put32(long v) {
        raw((int) (v >>> 24), (int) (v >>> 16), (int) (v >>> 8), (int) v);
    }

    public byte[] build() {
        while (out.size() % 4 != 0) {
            nop();
        }
        return out.toByteArray();
    }

    /** The options Linux puts on a SYN: MSS, SACK-permitted, timestamps, NOP, window scale (20 bytes). */
    public static byte[] syn(int mss, long tsVal, long tsEcr, int wscale) {
        return new TcpOptions().mss(mss).sackPermitted().timestamps(tsVal, tsEcr).nop().windowScale(wscale).build();
    }

    /** Writes NOP, NOP, timestamps (12 bytes) into a reusable array: the per-segment option of established flows. */
    public static void writeTimestamps(byte[] b, int off, long tsVal, long tsEcr) {
        b[off] = 1;
        b[off + 1] = 1;
        b[off + 2] = 8;
        b[off + 3] = 10;
        Bytes.put32(b, off + 4, tsVal);
        Bytes.put32(b, off + 8, tsEcr);
    }
}
