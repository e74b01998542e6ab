package io.packwatch.endpoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The framing state machine fed the same bytes in every possible read size: the messages never change. */
class StreamFramingTest {
    private static final String MIXED = octet("<13>1 2026-11-30T10:00:00Z h app - - - first")
            + "<14>Nov 30 10:00:01 h app: second\n"
            + "<15>third with crlf\r\n"
            + "\0<16>fourth after a NUL\0"
            + octet("<17>fifth\nwith an LF inside")
            + "\n\r\n"
            + "<18>sixth, last\n";
    private static final List<String> EXPECTED = List.of("<13>1 2026-11-30T10:00:00Z h app - - - first",
            "<14>Nov 30 10:00:01 h app: second", "<15>third with crlf", "<16>fourth after a NUL",
            "<17>fifth\nwith an LF inside", "<18>sixth, last");

    @Test
    void bothFramingsMixedGiveTheSameMessagesForEveryReadSize() throws Exception {
        byte[] bytes = MIXED.getBytes(StandardCharsets.ISO_8859_1);
        for (int chunk = 1; chunk <= bytes.length; chunk++) {
            Run r = new Run(1024);
            for (int i = 0; i < bytes.length; i += chunk) {
                r.feed(bytes, i, Math.min(chunk, bytes.length - i));
            }
            assertEquals(EXPECTED, r.texts(EXPECTED.size()), "read size " + chunk);
            assertEquals(0, r.counters.framingErrors.sum());
            r.close();
        }
    }

    @Test
    void oversizeFramesAreCutFlaggedAndTheStreamStaysInStep() throws Exception {
        String longLine = "<13>" + "L".repeat(2000);
        String longOctet = "<13>" + "O".repeat(3000);
        byte[] bytes = (longLine + "\n" + "<13>after line\n" + octet(longOctet) + octet("<13>after octets"))
                .getBytes(StandardCharsets.ISO_8859_1);
        for (int chunk : new int[] {1, 7, 512, 1000, bytes.length}) {
            Run r = new Run(1000);
            for (int i = 0; i < bytes.length; i += chunk) {
                r.feed(bytes, i, Math.min(chunk, bytes.length - i));
            }
            List<Collector.Msg> m = r.collector.await(4);
            assertEquals(4, m.size(), "read size " + chunk);
            assertEquals(longLine.substring(0, 1000), m.get(0).text());
            assertTrue(m.get(0).truncated());
            assertEquals("<13>after line", m.get(1).text());
            assertFalse(m.get(1).truncated());
            assertEquals(longOctet.substring(0, 1000), m.get(2).text());
            assertTrue(m.get(2).truncated());
            assertEquals("<13>after octets", m.get(3).text());
            assertEquals(2, r.counters.truncated.sum());
            assertEquals(4, r.counters.received(Transport.TCP));
            r.close();
        }
    }

    @Test
    void aDigitRunThatIsNoCountIsReadAsALine() throws Exception {
        Run r = new Run(1024);
        byte[] bytes = ("12a<13>not counted\n" + "12345678901 <13>eleven digits\n" + "2026-11-30 bare line\n" + octet("<13>ok"))
                .getBytes(StandardCharsets.ISO_8859_1);
        for (byte b : bytes) {
            r.feed(new byte[] {b}, 0, 1);
        }
        assertEquals(List.of("12a<13>not counted", "12345678901 <13>eleven digits", "2026-11-30 bare line", "<13>ok"),
                r.texts(4));
        assertEquals(3, r.counters.framingErrors.sum());
        r.close();
    }

    static String octet(String msg) {
        return msg.getBytes(StandardCharsets.ISO_8859_1).length + " " + msg;
    }

    /** One connection's framing, fed directly. */
    private static final class Run {
        final Collector collector = new Collector();
        final IngestCounters counters = new IngestCounters();
        final MessageQueue queue = new MessageQueue(64, 1 << 20, counters, collector);
        final SyslogStreamHandler framer;

        Run(int max) {
            framer = new SyslogStreamHandler(Transport.TCP, max, 0, queue, counters);
        }

        void feed(byte[] b, int off, int len) {
            framer.frame(Unpooled.wrappedBuffer(b, off, len), 0);
        }

        List<String> texts(int n) throws InterruptedException {
            return collector.await(n).stream().map(Collector.Msg::text).toList();
        }

        void close() throws InterruptedException {
            queue.stop(1000);
        }
    }
}
