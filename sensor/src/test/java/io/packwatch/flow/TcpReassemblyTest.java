package io.packwatch.flow;

import static io.packwatch.decode.Packet.ACK;
import static io.packwatch.decode.Packet.FIN;
import static io.packwatch.decode.Packet.PSH;
import static io.packwatch.decode.Packet.RST;
import static io.packwatch.decode.Packet.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.decode.IpAddress;
import io.packwatch.decode.OverlapPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TcpReassemblyTest {

    @Test
    void inOrderSessionIsDeliveredWholeAndEndsAsSF() {
        Conversation c = new Conversation().handshake()
                .client(ACK | PSH, 0, "GET / HTTP/1.1\r\n\r\n")
                .server(ACK | PSH, 0, "HTTP/1.1 200 OK\r\n\r\nhello".getBytes(), 18)
                .client(ACK | FIN, 18, "")
                .server(ACK | FIN, 24, new byte[0], 19)
                .client(ACK, 19, "")
                .end();
        assertEquals("GET / HTTP/1.1\r\n\r\n", c.clientStream());
        assertEquals("HTTP/1.1 200 OK\r\n\r\nhello", c.serverStream());
        Flow f = c.ended.get(0);
        assertEquals("SF", f.connState());
        assertEquals("ShADdFf", f.history());
        assertEquals(0, f.missedBytes());
        assertEquals(List.of("client close", "server close"), c.recorder.events);
        assertEquals(18, f.deliveredBytes(Flow.FROM_CLIENT));
    }

    @Test
    void outOfOrderSegmentsAreReordered() {
        Conversation c = new Conversation().handshake()
                .client(ACK, 10, "KLMNOPQRST")
                .client(ACK, 20, "UVWXYZ")
                .client(ACK, 0, "ABCDEFGHIJ")
                .end();
        assertEquals("ABCDEFGHIJKLMNOPQRSTUVWXYZ", c.clientStream());
        assertEquals(2, c.counters.get("reassembly.out_of_order"));
        assertEquals(0, c.counters.get("reassembly.gaps"));
    }

    @Test
    void identicalRetransmissionIsDeliveredOnceAndCounted() {
        Conversation c = new Conversation().handshake()
                .client(ACK, 0, "hello ")
                .client(ACK, 0, "hello ")
                .client(ACK, 3, "lo world")
                .end();
        assertEquals("hello world", c.clientStream());
        assertEquals(2, c.counters.get("reassembly.retransmissions"));
        assertTrue(c.ended.get(0).history().contains("T"));
    }

    /**
     * A hole at [0,10) keeps the old segment "O" x10 at [10,20) buffered; a new segment of N's
     * overlaps it; the hole is then filled with a's. Each row gives the stream each policy yields.
     */
    @ParameterizedTest(name = "{0} new=[{1},{2})")
    @CsvSource({
        // policy, new start, new end, fill end, expected client stream, conflicting bytes
        "FIRST,   5, 15, 5,  aaaaaNNNNNOOOOOOOOOO, 5",
        "LAST,    5, 15, 5,  aaaaaNNNNNNNNNNOOOOO, 5",
        "BSD,     5, 15, 5,  aaaaaNNNNNNNNNNOOOOO, 5",
        "WINDOWS, 5, 15, 5,  aaaaaNNNNNNNNNNOOOOO, 5",
        "LINUX,   5, 15, 5,  aaaaaNNNNNNNNNNOOOOO, 5",
        "SOLARIS, 5, 15, 5,  aaaaaNNNNNOOOOOOOOOO, 5",
        "FIRST,   10, 25, 10, aaaaaaaaaaOOOOOOOOOONNNNN, 10",
        "LAST,    10, 25, 10, aaaaaaaaaaNNNNNNNNNNNNNNN, 10",
        "BSD,     10, 25, 10, aaaaaaaaaaOOOOOOOOOONNNNN, 10",
        "WINDOWS, 10, 25, 10, aaaaaaaaaaOOOOOOOOOONNNNN, 10",
        "LINUX,   10, 25, 10, aaaaaaaaaaNNNNNNNNNNNNNNN, 10",
        "SOLARIS, 10, 25, 10, aaaaaaaaaaOOOOOOOOOONNNNN, 10",
        "FIRST,   10, 20, 10, aaaaaaaaaaOOOOOOOOOO, 10",
        "LAST,    10, 20, 10, aaaaaaaaaaNNNNNNNNNN, 10",
        "BSD,     10, 20, 10, aaaaaaaaaaOOOOOOOOOO, 10",
        "WINDOWS, 10, 20, 10, aaaaaaaaaaOOOOOOOOOO, 10",
        "LINUX,   10, 20, 10, aaaaaaaaaaOOOOOOOOOO, 10",
        "SOLARIS, 10, 20, 10, aaaaaaaaaaOOOOOOOOOO, 10",
        "FIRST,   15, 25, 10, aaaaaaaaaaOOOOOOOOOONNNNN, 5",
        "LAST,    15, 25, 10, aaaaaaaaaaOOOOONNNNNNNNNN, 5",
        "BSD,     15, 25, 10, aaaaaaaaaaOOOOOOOOOONNNNN, 5",
        "WINDOWS, 15, 25, 10, aaaaaaaaaaOOOOOOOOOONNNNN, 5",
        "LINUX,   15, 25, 10, aaaaaaaaaaOOOOOOOOOONNNNN, 5",
        "SOLARIS, 15, 25, 10, aaaaaaaaaaOOOOOOOOOONNNNN, 5",
        "FIRST,   5, 25, 5,  aaaaaNNNNNOOOOOOOOOONNNNN, 10",
        "LAST,    5, 25, 5,  aaaaaNNNNNNNNNNNNNNNNNNNN, 10",
        "BSD,     5, 25, 5,  aaaaaNNNNNNNNNNNNNNNNNNNN, 10",
        "WINDOWS, 5, 25, 5,  aaaaaNNNNNNNNNNNNNNNNNNNN, 10",
        "LINUX,   5, 25, 5,  aaaaaNNNNNNNNNNNNNNNNNNNN, 10",
        "SOLARIS, 5, 25, 5,  aaaaaNNNNNNNNNNNNNNNNNNNN, 10",
    })
    void overlapsAreResolvedByPolicy(String policy, int newStart, int newEnd, int fillEnd, String expected,
                                     long conflicts) {
        Conversation c = new Conversation(OverlapPolicy.valueOf(policy), 0, 1 << 20, 1 << 20, 1024, 1000).handshake()
                .client(ACK, 10, "O".repeat(10))
                .client(ACK, newStart, "N".repeat(newEnd - newStart))
                .client(ACK, 0, "a".repeat(fillEnd))
                .end();
        assertEquals(expected, c.clientStream());
        assertEquals(conflicts, c.ended.get(0).overlapConflicts());
        assertEquals(1, c.counters.get("reassembly.overlap_conflicts"));
    }

    @Test
    void ackPastAHoleDeclaresAGapAndDeliveryResumes() {
        Conversation c = new Conversation().handshake()
                .client(ACK, 0, "0123456789")
                .client(ACK, 20, "KLMNOPQRST")
                .server(ACK, 0, new byte[0], 30)
                .client(ACK, 30, "after")
                .end();
        assertEquals("0123456789##########KLMNOPQRSTafter", c.clientStream());
        assertEquals(10, c.ended.get(0).missedBytes());
        assertTrue(c.recorder.events.contains("client gap 10"));
        assertTrue(c.ended.get(0).history().contains("G"));
    }

    @Test
    void lostTailSegmentIsAGapWhenAcked() {
        Conversation c = new Conversation().handshake()
                .client(ACK, 0, "0123456789")
                .server(ACK, 0, new byte[0], 25)
                .client(ACK, 25, "Z")
                .end();
        assertEquals("0123456789###############Z", c.clientStream());
    }

    @Test
    void holesLeftAtTheEndAreFlushedAsGaps() {
        Conversation c = new Conversation().handshake()
                .client(ACK, 0, "abc")
                .client(ACK, 6, "ghi")
                .end();
        assertEquals("abc###ghi", c.clientStream());
        assertEquals(List.of("client gap 3", "client close", "server close"), c.recorder.events);
    }

    @Test
    void sequenceNumbersWrapAround() {
        Conversation c = new Conversation();
        c.clientIsn = 0xFFFFFFF0;
        c.handshake();
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            String chunk = Character.toString('a' + i).repeat(7);
            c.client(ACK, i * 7, chunk);
            sent.append(chunk);
        }
        c.end();
        assertEquals(sent.toString(), c.clientStream());
        assertEquals(0, c.ended.get(0).missedBytes());
    }

    @Test
    void outOfOrderAcrossTheWrapIsReordered() {
        Conversation c = new Conversation();
        c.clientIsn = 0xFFFFFFFA;
        c.handshake().client(ACK, 10, "0123456789").client(ACK, 0, "ABCDEFGHIJ").end();
        assertEquals("ABCDEFGHIJ0123456789", c.clientStream());
    }

    @Test
    void midstreamPickupStartsAtFirstByteSeenAndGuessesTheServerByPort() {
        Conversation c = new Conversation();
        c.server(ACK | PSH, 0, "partial response".getBytes(), 0)
                .client(ACK | PSH, 0, "next request")
                .end();
        Flow f = c.ended.get(0);
        assertTrue(f.midstream());
        assertEquals(80, f.serverPort());
        assertEquals(40000, f.clientPort());
        assertEquals("partial response", c.serverStream());
        assertEquals("next request", c.clientStream());
        assertEquals("OTH", f.connState());
        assertEquals(1, c.counters.get("flow.midstream_pickups"));
    }

    /**
     * Found by TcpReassemblyFuzzTest: a SYN-ACK-FIN closed one direction, then a bare SYN from the
     * same side flipped the flow, so the consumer heard "server close" twice, for two different hosts.
     * Once a stream has reported to its consumer the directions stay as they are.
     */
    @Test
    void noFlipAfterAStreamReportedItsClose() {
        Conversation c = new Conversation()
                .client(SYN | ACK | FIN, 0, "")
                .server(ACK, 0, new byte[0], 0)
                .client(SYN, 0, "")
                .end();
        assertEquals(List.of("server close", "client close"), c.recorder.events);
        assertEquals(0, c.counters.get("flow.direction_flipped"));
        assertEquals(Conversation.SERVER, IpAddress.format(4, c.ended.get(0).clientHi(), c.ended.get(0).clientLo()));
    }

    @Test
    void newSynAfterCloseStartsANewFlow() {
        Conversation c = new Conversation().handshake()
                .client(ACK | FIN, 0, "first")
                .server(ACK | FIN, 0, new byte[0], 6)
                .client(ACK, 6, "");
        c.clientIsn = 90000;
        c.serverIsn = 70000;
        c.handshake().client(ACK | PSH, 0, "second").end();
        assertEquals(2, c.ended.size());
        assertEquals(EndReason.PORT_REUSE, c.reasons.get(0));
        assertEquals("SF", c.ended.get(0).connState());
        assertEquals(1, c.counters.get("flow.port_reuse"));
        assertEquals("firstsecond", c.clientStream());
        assertEquals(5, c.ended.get(0).deliveredBytes(Flow.FROM_CLIENT));
        assertEquals(6, c.ended.get(1).deliveredBytes(Flow.FROM_CLIENT));
    }

    @Test
    void rstMidTransferClosesBothDirections() {
        Conversation c = new Conversation().handshake()
                .client(ACK, 0, "upload part 1")
                .server(RST | ACK, 0, new byte[0], 13)
                .client(ACK, 13, "never delivered")
                .end();
        Flow f = c.ended.get(0);
        assertEquals("RSTR", f.connState());
        assertEquals("upload part 1", c.clientStream());
        assertEquals(List.of("client close", "server close"), c.recorder.events);
    }

    @Test
    void depthStopsDeliveryAndTellsTheConsumer() {
        Conversation c = new Conversation(OverlapPolicy.BSD, 25, 1 << 20, 1 << 20, 1024, 1000).handshake()
                .client(ACK, 0, "0123456789")
                .client(ACK, 10, "0123456789")
                .client(ACK, 20, "0123456789")
                .client(ACK, 30, "0123456789")
                .end();
        assertEquals("0123456789012345678901234", c.clientStream());
        assertTrue(c.ended.get(0).truncated());
        assertEquals(1, c.counters.get("reassembly.depth_reached"));
        assertEquals(15, c.counters.get("reassembly.beyond_depth_bytes"));
        assertEquals("client depth", c.recorder.events.get(0));
    }

    @Test
    void tooMuchOutOfOrderDataGivesUpTheHole() {
        Conversation c = new Conversation(OverlapPolicy.BSD, 0, 1 << 20, 15, 1024, 1000).handshake()
                .client(ACK, 10, "ABCDEFGHIJ")
                .client(ACK, 20, "KLMNOPQRST");
        assertEquals("##########ABCDEFGHIJKLMNOPQRST", c.clientStream());
        assertEquals(1, c.counters.get("reassembly.ooo_limit_gaps"));
        c.client(ACK, 0, "late bytes").client(ACK, 30, "!").end();
        assertEquals("##########ABCDEFGHIJKLMNOPQRST!", c.clientStream());
    }

    @Test
    void memcapRefusesOutOfOrderDataAndCountsIt() {
        Conversation c = new Conversation(OverlapPolicy.BSD, 0, 12, 1 << 20, 1024, 1000).handshake()
                .client(ACK, 10, "ABCDEFGHIJ")
                .client(ACK, 30, "KLMNOPQRST")
                .end();
        assertEquals(1, c.counters.get("reassembly.memcap_hits"));
        assertEquals(10, c.counters.get("reassembly.memcap_dropped_bytes"));
        assertEquals("##########ABCDEFGHIJ", c.clientStream());
    }

    @Test
    void fullTableEvictsTheIdlestHalfOpenFlowFirst() {
        Conversation c = new Conversation(OverlapPolicy.BSD, 0, 1 << 20, 1 << 20, 1024, 3);
        for (int port = 50000; port < 50005; port++) {
            c.clientPort = port;
            c.client(SYN, -1, "");
        }
        assertEquals(3, c.table.size());
        assertEquals(2, c.counters.get("flow.evicted"));
        assertEquals(50000, c.ended.get(0).clientPort());
        assertEquals(EndReason.EVICTED, c.reasons.get(0));
        assertEquals("S0", c.ended.get(0).connState());
    }

    @Test
    void idleFlowsTimeOutInPacketTime() {
        Conversation c = new Conversation().handshake().client(ACK, 0, "x");
        c.now += 301_000_000_000L;
        c.clientPort = 40001;
        c.client(SYN, -1, "");
        assertEquals(1, c.ended.size());
        assertEquals(EndReason.TIMEOUT, c.reasons.get(0));
        assertEquals(1, c.counters.get("flow.timed_out"));
        assertFalse(c.ended.get(0).closedByFinOrRst());
    }

    @Test
    void synAckSeenFirstMakesItsReceiverTheClient() {
        Conversation c = new Conversation();
        c.server(SYN | ACK, -1, new byte[0], 0).client(ACK | PSH, 0, "hi").end();
        Flow f = c.ended.get(0);
        assertEquals(40000, f.clientPort());
        assertEquals("hi", c.clientStream());
    }
}
