package io.packwatch.endpoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.stats.Counters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Senders that are broken or hostile: each costs only its own messages or connection, and is counted. */
class HostileInputTest {
    private final Collector collector = new Collector();
    private SyslogReceivers receivers;

    @AfterEach
    void stop() {
        if (receivers != null) {
            receivers.stop();
        }
    }

    private List<InetSocketAddress> start(SyslogMessageHandler handler, String... keyValues) throws IOException {
        Map<String, String> m = new HashMap<>();
        m.put("endpoint.listen", "tcp://127.0.0.1:0,udp://127.0.0.1:0");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        receivers = SyslogReceivers.fromSettings(Collector.settings(m));
        receivers.start(handler);
        return receivers.boundAddresses();
    }

    @Test
    void tenMegabyteLineIsCutCountedAndTheNextMessageArrives() throws Exception {
        InetSocketAddress tcp = start(collector).get(0);
        byte[] huge = new byte[10 << 20];
        Arrays.fill(huge, (byte) 'A');
        byte[] hugeOctet = new byte[200_000];
        Arrays.fill(hugeOctet, (byte) 'B');
        try (Socket s = connect(tcp)) {
            OutputStream out = s.getOutputStream();
            out.write(huge);
            out.write("\n<13>after the line\n".getBytes(StandardCharsets.US_ASCII));
            out.write("200000 ".getBytes(StandardCharsets.US_ASCII));
            out.write(hugeOctet);
            out.write(StreamFramingTest.octet("<13>after the frame").getBytes(StandardCharsets.US_ASCII));
        }
        List<Collector.Msg> m = collector.await(4);
        assertEquals(4, m.size());
        assertEquals(65536, m.get(0).len());
        assertEquals("A".repeat(65536), m.get(0).text());
        assertTrue(m.get(0).truncated());
        assertEquals("<13>after the line", m.get(1).text());
        assertFalse(m.get(1).truncated());
        assertEquals("B".repeat(65536), m.get(2).text());
        assertTrue(m.get(2).truncated());
        assertEquals("<13>after the frame", m.get(3).text());
        Counters c = publish();
        assertEquals(2, c.get("endpoint.truncated"));
        assertEquals(4, c.get("endpoint.received.tcp"));
        assertEquals(65536 * 2 + 18 + 19, c.get("endpoint.bytes.tcp"));
    }

    @Test
    void binaryGarbageCostsNothingButItself() throws Exception {
        List<InetSocketAddress> a = start(collector);
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        try (Socket s = connect(a.get(0))) {
            OutputStream out = s.getOutputStream();
            out.write(garbage);
            out.write("\n<13>marker after garbage\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("<13>marker after garbage", awaitText("<13>marker after garbage"));
            out.write("<13>connection still works\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals("<13>connection still works", awaitText("<13>connection still works"));
        try (DatagramSocket u = new DatagramSocket()) {
            byte[] d = Arrays.copyOf(garbage, 1000);
            d[999] = 'x';
            u.send(new DatagramPacket(d, d.length, a.get(1)));
            u.send(new DatagramPacket(new byte[0], 0, a.get(1)));
            u.send(new DatagramPacket(new byte[] {'\n', 0}, 2, a.get(1)));
            u.send(new DatagramPacket("<13>udp after garbage\n".getBytes(StandardCharsets.US_ASCII), 22, a.get(1)));
        }
        assertEquals("<13>udp after garbage", awaitText("<13>udp after garbage"));
        List<Collector.Msg> udp = collector.all().stream().filter(x -> x.transport().equals("udp")).toList();
        assertEquals(2, udp.size());
        assertEquals(new String(d(garbage), StandardCharsets.ISO_8859_1), udp.get(0).text());
        Counters c = publish();
        assertEquals(2, c.get("endpoint.received.udp"));
        assertEquals(2, c.get("endpoint.framing_errors") - tcpFramingErrors(garbage), "the two empty datagrams");
        assertEquals(0, c.get("endpoint.handler_errors"));
    }

    private static byte[] d(byte[] garbage) {
        byte[] d = Arrays.copyOf(garbage, 1000);
        d[999] = 'x';
        return d;
    }

    /** Framing errors the garbage itself causes, found by running the same bytes through a framer directly. */
    private static long tcpFramingErrors(byte[] garbage) throws InterruptedException {
        IngestCounters counters = new IngestCounters();
        MessageQueue q = new MessageQueue(1 << 16, 1 << 30, counters, (m, o, l, s, t, n, tr) -> { });
        SyslogStreamHandler h = new SyslogStreamHandler(Transport.TCP, 65536, 0, q, counters);
        h.frame(io.netty.buffer.Unpooled.wrappedBuffer(garbage), 0);
        q.stop(1000);
        return counters.framingErrors.sum();
    }

    @Test
    void brokenFramesAreCountedAndKeptWhenTheyCarryData() throws Exception {
        InetSocketAddress tcp = start(collector).get(0);
        try (Socket s = connect(tcp)) {
            s.getOutputStream().write("50 <13>short".getBytes(StandardCharsets.US_ASCII));
        }
        collector.await(1);
        try (Socket s = connect(tcp)) {
            s.getOutputStream().write("123".getBytes(StandardCharsets.US_ASCII));
        }
        Collector.eventually(() -> assertEquals(2, publish().get("endpoint.framing_errors")));
        try (Socket s = connect(tcp)) {
            s.getOutputStream().write("12a<13>bad count\n99999999999 <13>too many digits\n<13>no final LF"
                    .getBytes(StandardCharsets.US_ASCII));
        }
        List<Collector.Msg> m = collector.await(4);
        assertEquals(List.of("<13>short", "12a<13>bad count", "99999999999 <13>too many digits", "<13>no final LF"),
                m.stream().map(Collector.Msg::text).toList());
        assertTrue(m.get(0).truncated(), "a frame cut by the close is flagged");
        assertFalse(m.get(3).truncated());
        Collector.eventually(() -> assertEquals(4, publish().get("endpoint.framing_errors")));
    }

    @Test
    void slowLorisIsClosedByTheIdleTimeoutWhileOthersAreServed() throws Exception {
        InetSocketAddress tcp = start(collector, "endpoint.tcp.idle_timeout", "1s").get(0);
        try (Socket slow = connect(tcp); Socket good = connect(tcp)) {
            slow.setSoTimeout(200);
            OutputStream slowOut = slow.getOutputStream();
            OutputStream goodOut = good.getOutputStream();
            long t0 = System.nanoTime();
            boolean closed = false;
            int sent = 0;
            while (!closed && System.nanoTime() - t0 < 10_000_000_000L) {
                try {
                    slowOut.write('x'); // a frame that never ends
                    if (slow.getInputStream().read() < 0) {
                        closed = true;
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // still open
                } catch (SocketException e) {
                    closed = true;
                }
                goodOut.write(("<13>good " + sent++ + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            assertTrue(closed, "the slow sender was not closed");
            assertTrue(secs >= 0.9 && secs < 8, "closed after " + secs + " s (1 s timeout; slack for a loaded machine)");
            goodOut.write("<13>good last\n".getBytes(StandardCharsets.US_ASCII));
            List<Collector.Msg> m = collector.await(sent + 2);
            assertEquals(sent + 2, m.size());
            List<Collector.Msg> goodMsgs = m.stream().filter(x -> x.text().startsWith("<13>good")).toList();
            assertEquals(sent + 1, goodMsgs.size());
            assertEquals("<13>good last", goodMsgs.get(sent).text());
            // What the slow frame carried is kept, flagged: it never ended.
            Collector.Msg cut = m.stream().filter(x -> x.text().startsWith("x")).findFirst().orElseThrow();
            assertTrue(cut.truncated());
            assertEquals("x".repeat(cut.len()), cut.text());
            assertTrue(cut.len() >= 4, "bytes trickled: " + cut.len());
        }
        Counters c = publish();
        assertEquals(1, c.get("endpoint.idle_timeouts"));
        assertEquals(2, c.get("endpoint.connections"));
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAndCounted() throws Exception {
        InetSocketAddress tcp = start(collector, "endpoint.tcp.max_connections", "2").get(0);
        try (Socket a = connect(tcp); Socket b = connect(tcp)) {
            // Connections are set up on several event loops: let the first two be counted first.
            Collector.eventually(() -> assertEquals(2, publish().get("endpoint.connections")));
            Socket c = connect(tcp);
            c.setSoTimeout(5000);
            assertEquals(-1, c.getInputStream().read(), "the third connection is closed");
            c.close();
            a.getOutputStream().write("<13>a\n".getBytes(StandardCharsets.US_ASCII));
            b.getOutputStream().write("<13>b\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(2, collector.await(2).size());
        }
        Counters c = publish();
        assertEquals(1, c.get("endpoint.connections_over_limit"));
        assertEquals(2, c.get("endpoint.connections"));
        assertEquals(2, c.get("endpoint.connections_peak"));
        // Closed connections free their places.
        try (Socket d = connect(tcp)) {
            Collector.eventually(() -> assertEquals(3, publish().get("endpoint.connections")));
        }
    }

    @Test
    void sendersOutsideTheAllowlistAreRefusedOnEveryTransport() throws Exception {
        List<InetSocketAddress> a = start(collector, "endpoint.allow_senders", "10.0.0.0/8, 2001:db8::/32");
        try (Socket s = connect(a.get(0))) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            int r;
            try {
                s.getOutputStream().write("<13>refused\n".getBytes(StandardCharsets.US_ASCII));
                r = in.read();
            } catch (SocketException e) {
                r = -1;
            }
            assertEquals(-1, r, "the connection is closed");
        }
        try (DatagramSocket u = new DatagramSocket()) {
            u.send(new DatagramPacket("<13>refused".getBytes(StandardCharsets.US_ASCII), 11, a.get(1)));
        }
        Collector.eventually(() -> assertEquals(2, publish().get("endpoint.refused_senders")));
        assertEquals(0, collector.all().size());
        Counters c = publish();
        assertEquals(0, c.get("endpoint.connections"));
        assertEquals(0, c.get("endpoint.received.tcp") + c.get("endpoint.received.udp"));
    }

    @Test
    void aSlowHandlerFillsTheQueueAndDropsAreCountedNotBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SyslogMessageHandler slow = (msg, off, len, sender, transport, nanos, truncated) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            collector.onMessage(msg, off, len, sender, transport, nanos, truncated);
        };
        InetSocketAddress tcp = start(slow, "endpoint.queue", "10").get(0);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            sb.append("<13>message ").append(i).append('\n');
        }
        try (Socket s = connect(tcp)) {
            s.getOutputStream().write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
        Collector.eventually(() -> assertEquals(100, receivers.counters().receivedTotal()));
        assertEquals(90, receivers.counters().dropped());
        release.countDown();
        List<Collector.Msg> m = collector.await(10);
        assertEquals(10, m.size());
        assertEquals("<13>message 9", m.get(9).text());
        assertEquals(90, publish().get("endpoint.dropped"));
    }

    private String awaitText(String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (collector.texts().contains(text)) {
                return text;
            }
            Thread.sleep(20);
        }
        return null;
    }

    private Counters publish() {
        Counters c = new Counters();
        receivers.counters().publish(c);
        return c;
    }

    private static Socket connect(InetSocketAddress to) throws IOException {
        return new Socket(to.getAddress(), to.getPort());
    }
}
