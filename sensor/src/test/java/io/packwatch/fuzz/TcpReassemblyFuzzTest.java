package io.packwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.packwatch.config.Settings;
import io.packwatch.decode.IpAddress;
import io.packwatch.decode.OverlapPolicy;
import io.packwatch.decode.Packet;
import io.packwatch.flow.Flow;
import io.packwatch.flow.FlowConfig;
import io.packwatch.flow.FlowTable;
import io.packwatch.flow.ReassemblyConfig;
import io.packwatch.flow.StreamConsumer;
import io.packwatch.stats.Counters;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * TCP reassembly through the flow table, on one connection's segments in both directions.
 *
 * <p>Input: an 11-byte header (client ISN, server ISN, overlap policy, limits, whether the
 * three-way handshake opens the connection), then 7-byte segments: TCP flags; a control byte
 * (bit 0 server-to-client, bit 1 alternative payload bytes, bit 2 payload refused as if its
 * checksum were bad, bit 3 a clock jump past the idle timeout, bit 4 the snaplen cut the
 * segment); sequence and acknowledgement numbers relative to the sender's and receiver's ISN + 1
 * (signed 16-bit); payload length. The payload byte at relative sequence number i is {@link #text}
 * (i, side) or its complement, so what arrives can be checked byte by byte.
 *
 * <p>Invariants: no exception; every stream's bytes arrive in order with gaps declared, never more
 * data than was sent in that direction, each byte one that was sent at its position (when the
 * connection started with a handshake and no later SYN moved its origin); each direction closes at
 * most once, and surely once when it carried bytes; the memcap and depth limits hold; every flow
 * ends by the flush.
 */
class TcpReassemblyFuzzTest {
    static final int HEADER = 11;
    static final int SEGMENT = 7;
    static final String CLIENT = "10.0.0.1";
    static final String SERVER = "192.0.2.10";
    static final int CLIENT_PORT = 40000;
    static final int SERVER_PORT = 80;
    /** Relative sequence numbers span a signed 16-bit value plus a payload. */
    private static final int SPAN = 1 << 17;
    private static final int ORIGIN = 1 << 16;
    private static final long MS = 1_000_000L;

    /** The payload byte at relative sequence number {@code rel} from {@code side}, variant 0. */
    static byte text(int rel, int side) {
        int x = rel * 0x9E3779B1 + side * 0x85EBCA6B;
        return (byte) (x >>> 24 ^ x >>> 11);
    }

    /** Consumer of one flow: checks order and content as the bytes arrive. */
    private static final class Checker implements StreamConsumer {
        /** Whether this flow's stream offsets are relative sequence numbers: cleared for good by a SYN or a timeout. */
        boolean checkContent;
        final long[] position = new long[2];
        final long[] data = new long[2];
        final int[] closes = new int[2];
        final byte[][] sentVariants;

        Checker(boolean checkContent, byte[][] sentVariants) {
            this.checkContent = checkContent;
            this.sentVariants = sentVariants;
        }

        @Override
        public void onData(Flow flow, int direction, byte[] b, int off, int len) {
            assertTrue(off >= 0 && len > 0 && off + len <= b.length, "data [" + off + "+" + len + ") in " + b.length);
            assertEquals(0, closes[direction], "data after close");
            if (checkContent) {
                for (int i = 0; i < len; i++) {
                    long pos = position[direction] + i;
                    int seen = (pos < SPAN - ORIGIN) ? sentVariants[direction][(int) pos + ORIGIN] : 0;
                    byte v = b[off + i];
                    byte plain = text((int) pos, direction);
                    boolean ok = (seen & 1) != 0 && v == plain || (seen & 2) != 0 && v == (byte) ~plain;
                    if (!ok) {
                        fail("direction " + direction + " byte " + pos + " = " + v + " was never sent there (sent "
                                + seen + ")");
                    }
                }
            }
            position[direction] += len;
            data[direction] += len;
        }

        @Override
        public void onGap(Flow flow, int direction, long bytes) {
            assertTrue(bytes > 0, "gap of " + bytes);
            assertEquals(0, closes[direction], "gap after close");
            position[direction] += bytes;
        }

        @Override
        public void onDepthReached(Flow flow, int direction) {
        }

        @Override
        public void onClose(Flow flow, int direction) {
            closes[direction]++;
            assertEquals(1, closes[direction], "direction " + direction + " closed twice");
        }
    }

    @PackwatchFuzzTest
    void segments(byte[] in) {
        if (in.length < HEADER) {
            return;
        }
        int clientIsn = u32(in, 0);
        int serverIsn = u32(in, 4);
        OverlapPolicy policy = OverlapPolicy.values()[(in[8] & 0xFF) % OverlapPolicy.values().length];
        long memcap = 256L << (in[9] & 7);
        long depth = (in[9] & 0x08) != 0 ? 64L << ((in[9] >>> 4) & 7) : 0;
        long maxOoo = 128L << (in[10] & 7);
        int maxOooSegments = 1 + ((in[10] >>> 3) & 15);
        boolean handshake = (in[10] & 0x80) == 0;

        Counters counters = new Counters();
        byte[][] sentVariants = new byte[2][SPAN];
        long[] sentBytes = new long[2];
        List<Checker> checkers = new ArrayList<>();
        boolean[] originMoved = {!handshake};
        List<Flow> ended = new ArrayList<>();
        Settings d = Settings.defaults();
        long idle = d.nanos("flow.timeout.tcp_established");
        FlowTable table = new FlowTable(
                new FlowConfig(16, d.nanos("flow.timeout.tcp_new"), idle, d.nanos("flow.timeout.tcp_closed"),
                        d.nanos("flow.timeout.udp"), d.nanos("flow.timeout.other")),
                new ReassemblyConfig(policy, depth, memcap, maxOoo, maxOooSegments),
                flow -> {
                    Checker c = new Checker(checkers.isEmpty() && !originMoved[0], sentVariants);
                    checkers.add(c);
                    return c;
                },
                (f, r) -> ended.add(f), counters);

        long now = 1_700_000_000_000_000_000L;
        if (handshake) {
            now += MS;
            table.process(packet(0, Packet.SYN, clientIsn, 0, 0, 0, now), true);
            now += MS;
            table.process(packet(1, Packet.SYN | Packet.ACK, serverIsn, clientIsn + 1, 0, 0, now), true);
            now += MS;
            table.process(packet(0, Packet.ACK, clientIsn + 1, serverIsn + 1, 0, 0, now), true);
        }
        for (int at = HEADER; at + SEGMENT <= in.length; at += SEGMENT) {
            int flags = in[at] & 0x3F;
            int ctl = in[at + 1] & 0xFF;
            int side = ctl & 1;
            boolean variant = (ctl & 2) != 0;
            boolean accept = (ctl & 4) == 0;
            now += (ctl & 8) != 0 ? idle + MS : MS;
            int rel = (short) ((in[at + 2] & 0xFF) << 8 | in[at + 3] & 0xFF);
            int ackRel = (short) ((in[at + 4] & 0xFF) << 8 | in[at + 5] & 0xFF);
            int len = in[at + 6] & 0xFF;
            int missing = (ctl & 16) != 0 ? 1 + (len & 31) : 0;
            if ((flags & Packet.SYN) != 0 || (ctl & 8) != 0) {
                // A SYN may move the stream's origin (a SYN with data re-synchronises a stream that
                // delivered nothing yet), a timeout starts a new flow mid-stream.
                originMoved[0] = true;
                checkers.forEach(c -> c.checkContent = false);
            }
            int isn = side == 0 ? clientIsn : serverIsn;
            int peerIsn = side == 0 ? serverIsn : clientIsn;
            byte[] payload = new byte[len];
            for (int i = 0; i < len; i++) {
                byte t = text(rel + i, side);
                payload[i] = variant ? (byte) ~t : t;
                if (accept) {
                    sentVariants[side][rel + i + ORIGIN] |= (byte) (variant ? 2 : 1);
                }
            }
            if (accept) {
                sentBytes[side] += len;
            }
            Packet p = packet(side, flags, isn + 1 + rel, peerIsn + 1 + ackRel, len, missing, now);
            p.buf = payload;
            table.process(p, accept);
            assertTrue(counters.get("reassembly.memory_peak_bytes") <= memcap, "memcap " + memcap + " exceeded");
        }
        table.flush();
        assertEquals(0, table.size());
        assertEquals(counters.get("flow.created"), ended.size(), "flows created but never ended");
        long[] delivered = new long[2];
        for (Checker c : checkers) {
            for (int dir = 0; dir < 2; dir++) {
                delivered[dir] += c.data[dir];
                if (c.position[dir] > 0) {
                    // (a direction that never sent a packet has no stream to close)
                    assertEquals(1, c.closes[dir], "direction " + dir + " never closed");
                }
                if (depth > 0) {
                    assertTrue(c.data[dir] <= depth, c.data[dir] + " bytes delivered past depth " + depth);
                }
            }
        }
        for (Checker c : checkers) {
            // (only where the origin stayed put: a flipped flow swaps what each side sent)
            if (c.checkContent) {
                for (int dir = 0; dir < 2; dir++) {
                    assertTrue(c.data[dir] <= sentBytes[dir], c.data[dir] + " bytes delivered of " + sentBytes[dir]
                            + " sent");
                }
            }
        }
        assertTrue(delivered[0] + delivered[1] <= sentBytes[0] + sentBytes[1],
                "delivered " + (delivered[0] + delivered[1]) + " of " + (sentBytes[0] + sentBytes[1]) + " sent");
    }

    static Packet packet(int side, int flags, int seq, int ack, int len, int missing, long ts) {
        Packet p = new Packet();
        long[] s = IpAddress.parse(side == 0 ? CLIENT : SERVER);
        long[] dst = IpAddress.parse(side == 0 ? SERVER : CLIENT);
        p.buf = new byte[len];
        p.tsNanos = ts;
        p.vlanOuter = -1;
        p.vlanInner = -1;
        p.ipVersion = (int) s[0];
        p.srcHi = s[1];
        p.srcLo = s[2];
        p.dstHi = dst[1];
        p.dstLo = dst[2];
        p.protocol = Packet.PROTO_TCP;
        p.srcPort = side == 0 ? CLIENT_PORT : SERVER_PORT;
        p.dstPort = side == 0 ? SERVER_PORT : CLIENT_PORT;
        p.tcpFlags = flags;
        p.seq = seq;
        p.ack = ack;
        p.window = 65535;
        p.payloadOffset = 0;
        p.payloadLength = len;
        p.ipLength = 40 + len;
        p.ipMissing = missing;
        p.wireLength = p.ipLength + 14;
        return p;
    }

    private static int u32(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
    }

    /** Builds an input of this target's layout, for the seed corpus. */
    static final class Script {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Script(int clientIsn, int serverIsn, int policy, int limits, int ooo) {
            putInt(clientIsn);
            putInt(serverIsn);
            out.write(policy);
            out.write(limits);
            out.write(ooo);
        }

        Script segment(int flags, int ctl, int rel, int ackRel, int len) {
            out.write(flags);
            out.write(ctl);
            out.write(rel >>> 8);
            out.write(rel);
            out.write(ackRel >>> 8);
            out.write(ackRel);
            out.write(len);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void putInt(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
        }
    }
}
