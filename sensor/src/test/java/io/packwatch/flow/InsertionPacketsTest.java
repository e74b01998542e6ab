package io.packwatch.flow;

import static io.packwatch.decode.Packet.ACK;
import static io.packwatch.decode.Packet.FIN;
import static io.packwatch.decode.Packet.PSH;
import static io.packwatch.decode.Packet.RST;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Packets the receiver drops never reach a stream: reassembly.max_ttl_drop (TTL runs out before the receiver)
 * and resets behind the stream (outside any receive window).
 */
class InsertionPacketsTest {

    @Test
    void aDropOfExactlyTheLimitIsKeptOneMoreIsIgnored() {
        Conversation c = Conversation.withMaxTtlDrop(10).handshake()
                .clientWithTtl(54, ACK | PSH, 0, "abc")
                .clientWithTtl(53, ACK | PSH, 3, "XYZ")
                .client(ACK | PSH, 3, "def")
                .end();
        assertEquals("abcdef", c.clientStream());
        assertEquals(1, c.counters.get("reassembly.low_ttl_ignored"));
        assertEquals(0, c.counters.get("reassembly.retransmissions"));
        assertEquals("ShADL", c.ended.get(0).history());
    }

    @Test
    void aLowTtlResetNeitherEndsTheStreamNorMarksTheFlow() {
        Conversation c = Conversation.withMaxTtlDrop(10).handshake()
                .client(ACK | PSH, 0, "abc")
                .clientWithTtl(1, RST | ACK, 3, "")
                .client(ACK | PSH, 3, "def")
                .client(ACK | FIN, 6, "")
                .end();
        assertEquals("abcdef", c.clientStream());
        Flow f = c.ended.get(0);
        assertEquals("ShADLF", f.history());
        assertEquals(1, c.counters.get("reassembly.low_ttl_ignored"));
    }

    @Test
    void offTheInsertionWins() {
        Conversation c = Conversation.withMaxTtlDrop(0).handshake()
                .clientWithTtl(1, ACK | PSH, 0, "XYZ")
                .client(ACK | PSH, 0, "abc")
                .end();
        assertEquals("XYZ", c.clientStream());
        assertEquals(0, c.counters.get("reassembly.low_ttl_ignored"));
        assertEquals(1, c.counters.get("reassembly.retransmissions"));
    }

    @Test
    void aResetBehindTheStreamIsIgnored() {
        Conversation c = new Conversation().handshake()
                .client(ACK | PSH, 0, "abc")
                .client(RST | ACK, 0, "")
                .client(ACK | PSH, 3, "def")
                .end();
        assertEquals("abcdef", c.clientStream());
        assertEquals(1, c.counters.get("reassembly.resets_behind_stream"));
        assertEquals("ShAD", c.ended.get(0).history());
    }

    @Test
    void aResetAtTheNextByteEndsTheStream() {
        Conversation c = new Conversation().handshake()
                .client(ACK | PSH, 0, "abc")
                .client(RST | ACK, 3, "")
                .client(ACK | PSH, 3, "def")
                .end();
        assertEquals("abc", c.clientStream());
        assertEquals(0, c.counters.get("reassembly.resets_behind_stream"));
        assertEquals("RSTO", c.ended.get(0).connState());
    }
}
