package io.packwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.capture.Frame;
import io.packwatch.capture.LinkType;
import io.packwatch.config.Settings;
import io.packwatch.decode.ChecksumMode;
import io.packwatch.decode.DefragConfig;
import io.packwatch.decode.Defragmenter;
import io.packwatch.decode.OverlapPolicy;
import io.packwatch.decode.Packet;
import io.packwatch.decode.PacketDecoder;
import io.packwatch.flow.Flow;
import io.packwatch.flow.FlowConfig;
import io.packwatch.flow.FlowTable;
import io.packwatch.flow.ReassemblyConfig;
import io.packwatch.flow.StreamConsumer;
import io.packwatch.stats.Counters;
import java.util.Arrays;

/**
 * The packet decoder, with IP defragmentation and the flow table behind it, on raw frames of every
 * link type the sensor reads. Input layout (see {@link #encode}): byte 0 picks the link type, byte 1
 * the checksum mode and overlap policy, then frames as [length u16][flags][bytes]; flag bit 0 marks a
 * frame cut by the snaplen, the other bits advance the clock. Each frame gets an array of exactly its
 * length, so a read past it throws. A decoded packet's offsets must lie inside its buffer.
 */
class PacketDecoderFuzzTest {
    /** The link types the decoder knows, and one it does not. */
    static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL,
        LinkType.LOOP, LinkType.RAW, LinkType.DLT_RAW_BSD, LinkType.DLT_RAW_OPENBSD, LinkType.IPV4, LinkType.IPV6,
        147};
    private static final long MS = 1_000_000L;
    /** Small limits, so short inputs reach them. */
    private static final int MAX_TRACKERS = 4;
    private static final long DEFRAG_MEMCAP = 16 * 1024;

    @PackwatchFuzzTest
    void decode(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int linkType = LINK_TYPES[(data[0] & 0xFF) % LINK_TYPES.length];
        ChecksumMode mode = ChecksumMode.values()[(data[1] & 0x0F) % ChecksumMode.values().length];
        OverlapPolicy policy = OverlapPolicy.values()[((data[1] & 0xFF) >>> 4) % OverlapPolicy.values().length];
        Counters counters = new Counters();
        Defragmenter defrag = new Defragmenter(new DefragConfig(policy, 1000 * MS, MAX_TRACKERS, DEFRAG_MEMCAP),
                counters);
        PacketDecoder decoder = new PacketDecoder(mode, defrag, counters);
        FlowTable flows = flowTable(counters);
        Frame frame = new Frame();
        Packet p = new Packet();
        long now = 1_700_000_000_000_000_000L;
        int at = 2;
        while (at + 3 <= data.length) {
            int len = Math.min((data[at] & 0xFF) << 8 | data[at + 1] & 0xFF, data.length - at - 3);
            int flags = data[at + 2] & 0xFF;
            at += 3;
            frame.data = Arrays.copyOfRange(data, at, at + len);
            frame.length = len;
            frame.wireLength = (flags & 1) != 0 ? len + 100 : len;
            frame.linkType = linkType;
            now += (flags >>> 1) * 10 * MS;
            frame.tsNanos = now;
            at += len;
            if (decoder.decode(frame, p)) {
                checkPacket(p, frame);
                flows.process(p, !decoder.shouldReject(p));
            }
        }
        flows.flush();
        defrag.flush();
        assertTrue(counters.get("defrag.memory_peak_bytes") <= DEFRAG_MEMCAP);
        assertTrue(counters.get("defrag.active_peak") <= MAX_TRACKERS);
    }

    private static void checkPacket(Packet p, Frame frame) {
        int n = p.buf.length;
        assertTrue(p.ipVersion == 4 || p.ipVersion == 6, "ip version " + p.ipVersion);
        assertTrue(p.ipOffset >= 0 && p.ipLength >= 0 && p.ipOffset + p.ipLength <= n,
                "ip [" + p.ipOffset + "+" + p.ipLength + ") in " + n);
        assertTrue(p.payloadOffset >= p.ipOffset && p.payloadLength >= 0
                && p.payloadOffset + p.payloadLength <= p.ipOffset + p.ipLength,
                "payload [" + p.payloadOffset + "+" + p.payloadLength + ") outside ip [" + p.ipOffset + "+" + p.ipLength + ")");
        assertTrue(p.ipMissing >= 0, "ip missing " + p.ipMissing);
        assertTrue(p.protocol >= 0 && p.protocol <= 255, "protocol " + p.protocol);
        assertTrue(p.reassembled || p.buf == frame.data, "an unfragmented packet points into its frame");
    }

    private static FlowTable flowTable(Counters counters) {
        Settings d = Settings.defaults();
        FlowConfig fc = new FlowConfig(64, d.nanos("flow.timeout.tcp_new"), d.nanos("flow.timeout.tcp_established"),
                d.nanos("flow.timeout.tcp_closed"), d.nanos("flow.timeout.udp"), d.nanos("flow.timeout.other"));
        ReassemblyConfig rc = new ReassemblyConfig(OverlapPolicy.BSD, 0, 64 * 1024, 32 * 1024, 64);
        FlowTable table = new FlowTable(fc, rc, flow -> BOUNDS_CHECK, (f, r) -> { }, counters);
        table.inspectDatagrams(flow -> BOUNDS_CHECK); // UDP payloads as the datagram objects get them
        return table;
    }

    /** A stream consumer that only checks the ranges it is handed. */
    private static final StreamConsumer BOUNDS_CHECK = new StreamConsumer() {
        @Override
        public void onData(Flow flow, int direction, byte[] b, int off, int len) {
            assertTrue(off >= 0 && len > 0 && off + len <= b.length, "data [" + off + "+" + len + ") in " + b.length);
        }

        @Override
        public void onGap(Flow flow, int direction, long bytes) {
            assertTrue(bytes > 0, "gap of " + bytes);
        }

        @Override
        public void onDepthReached(Flow flow, int direction) {
        }

        @Override
        public void onClose(Flow flow, int direction) {
        }
    };

    /** Builds an input of this target's layout from whole frames, for the seed corpus. */
    static byte[] encode(int linkTypeIndex, int modeAndPolicy, java.util.List<byte[]> frames) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(linkTypeIndex);
        out.write(modeAndPolicy);
        for (byte[] f : frames) {
            out.write(f.length >>> 8);
            out.write(f.length);
            out.write(2);
            out.write(f, 0, f.length);
        }
        return out.toByteArray();
    }
}
