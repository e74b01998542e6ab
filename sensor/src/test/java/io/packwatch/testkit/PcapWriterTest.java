package io.packwatch.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Byte-level checks of the test-kit writers and builders on tiny examples. */
class PcapWriterTest {
    private static final long TS = 1_767_225_600_123_456_789L; // 2026-01-01T00:00:00.123456789Z
    private static final byte[] FRAME = {1, 2, 3, 4, 5};

    @Test
    void classicLittleEndianMicroseconds() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(sink, Frames.DLT_EN10MB, 65535, PcapWriter.Resolution.MICRO,
                ByteOrder.LITTLE_ENDIAN)) {
            w.write(TS, FRAME, 60);
        }
        ByteBuffer b = ByteBuffer.wrap(sink.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(24 + 16 + 5, b.limit());
        assertEquals(0xA1B2C3D4, b.getInt(0));
        assertArrayEquals(new byte[] {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1},
                Arrays.copyOf(sink.toByteArray(), 4));
        assertEquals(2, b.getShort(4));
        assertEquals(4, b.getShort(6));
        assertEquals(0, b.getInt(8));
        assertEquals(0, b.getInt(12));
        assertEquals(65535, b.getInt(16));
        assertEquals(1, b.getInt(20));
        assertEquals(1_767_225_600, b.getInt(24));
        assertEquals(123_456, b.getInt(28)); // nanoseconds truncated to microseconds
        assertEquals(5, b.getInt(32)); // captured length
        assertEquals(60, b.getInt(36)); // original length
        assertArrayEquals(FRAME, Arrays.copyOfRange(sink.toByteArray(), 40, 45));
    }

    @Test
    void classicBigEndianNanosecondsAndSnaplen() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(sink, Frames.DLT_RAW, 4, PcapWriter.Resolution.NANO,
                ByteOrder.BIG_ENDIAN)) {
            w.write(TS, FRAME);
        }
        byte[] out = sink.toByteArray();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.BIG_ENDIAN);
        assertArrayEquals(new byte[] {(byte) 0xA1, (byte) 0xB2, 0x3C, 0x4D}, Arrays.copyOf(out, 4));
        assertEquals(101, b.getInt(20));
        assertEquals(123_456_789, b.getInt(28));
        assertEquals(4, b.getInt(32)); // cut to the snaplen
        assertEquals(5, b.getInt(36));
        assertEquals(24 + 16 + 4, out.length);
    }

    @Test
    void pcapngBlocksArePaddedAndRepeatTheirLength() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (PcapNgWriter w = new PcapNgWriter(sink, ByteOrder.LITTLE_ENDIAN)) {
            w.addInterface(Frames.DLT_EN10MB, 65535, 9, null);
            w.writeEnhanced(0, TS, FRAME);
        }
        ByteBuffer b = ByteBuffer.wrap(sink.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        int off = 0;
        int[] types = {PcapNgWriter.BT_SHB, PcapNgWriter.BT_IDB, PcapNgWriter.BT_EPB};
        int epb = -1;
        for (int type : types) {
            assertEquals(type, b.getInt(off));
            int len = b.getInt(off + 4);
            assertEquals(0, len % 4);
            assertEquals(len, b.getInt(off + len - 4));
            if (type == PcapNgWriter.BT_EPB) {
                epb = off;
                assertEquals(28 + 8 + 4, len); // 5 data bytes padded to 8, no options
            }
            off += len;
        }
        assertEquals(b.limit(), off);
        assertEquals(0x1A2B3C4D, b.getInt(8));
        assertEquals(0, b.getInt(epb + 8)); // interface id
        assertEquals(TS, ((long) b.getInt(epb + 12) << 32) | (b.getInt(epb + 16) & 0xFFFFFFFFL));
        assertEquals(5, b.getInt(epb + 20));
        assertEquals(5, b.getInt(epb + 24));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 0, 0, 0},
                Arrays.copyOfRange(sink.toByteArray(), epb + 28, epb + 36));
    }

    @Test
    void microsecondInterfaceScalesTimestamps() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (PcapNgWriter w = new PcapNgWriter(sink, ByteOrder.BIG_ENDIAN)) {
            w.addInterface(Frames.DLT_EN10MB, 65535, 6, "eth0");
            w.writeEnhanced(0, TS, FRAME);
        }
        ByteBuffer b = ByteBuffer.wrap(sink.toByteArray()).order(ByteOrder.BIG_ENDIAN);
        int epb = b.getInt(4);
        epb += b.getInt(epb + 4);
        assertEquals(PcapNgWriter.BT_EPB, b.getInt(epb));
        assertEquals(TS / 1000, ((long) b.getInt(epb + 12) << 32) | (b.getInt(epb + 16) & 0xFFFFFFFFL));
    }

    @Test
    void builtPacketsHaveValidChecksums() {
        byte[] v4 = PacketBuilder.tcp(PacketBuilder.ip("10.0.0.1"), 1234, PacketBuilder.ip("10.0.0.2"), 80)
                .seq(1).ack(2).flags(PacketBuilder.ACK).payload(Payloads.ascii("hello")).build();
        assertEquals(45, v4.length);
        assertEquals(0, Checksums.fold(Checksums.sum(v4, 0, 20, 0))); // header sums to 0xFFFF
        assertEquals(0, Checksums.transport(PacketBuilder.ip("10.0.0.1"), PacketBuilder.ip("10.0.0.2"), 6, v4,
                20, 25));
        byte[] v6 = PacketBuilder.udp(PacketBuilder.ip("2001:db8::1"), 1, PacketBuilder.ip("2001:db8::2"), 2)
                .hopByHop(8).payload(Payloads.ascii("x")).build();
        assertEquals(40 + 8 + 9, v6.length);
        assertEquals(0, v6[6]); // hop-by-hop first
        assertEquals(17, v6[40]); // then UDP
        assertEquals(0, Checksums.transport(PacketBuilder.ip("2001:db8::1"), PacketBuilder.ip("2001:db8::2"), 17,
                v6, 48, 9));
    }

    @Test
    void patternIsDocumentedAlphabet() {
        assertArrayEquals(Payloads.ascii("ABC"), Payloads.pattern(0, 3));
        assertArrayEquals(Payloads.ascii("89AB"), Payloads.pattern(60, 4));
        assertArrayEquals(Payloads.pattern(5, 100, 10), Arrays.copyOfRange(Payloads.pattern(5, 110), 100, 110));
    }
}
