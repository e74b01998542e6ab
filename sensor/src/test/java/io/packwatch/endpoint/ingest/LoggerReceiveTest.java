package io.packwatch.endpoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.stats.Counters;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** util-linux {@code logger} sends to running receivers on loopback; the messages arrive byte for byte. */
class LoggerReceiveTest {
    private static final Pattern RFC5424 = Pattern.compile(
            "<13>1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}[+-]\\d\\d:\\d\\d \\S+ pwtest - - "
                    + "\\[timeQuality tzKnown=\"1\" isSynced=\"[01]\"\\] (.*)");
    private static final Pattern RFC3164 = Pattern.compile("<13>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ pwtest: (.*)");

    private final Collector collector = new Collector();
    private SyslogReceivers receivers;
    private InetSocketAddress udp;
    private InetSocketAddress tcp;

    @BeforeEach
    void start() throws IOException {
        receivers = SyslogReceivers.fromSettings(Collector.settings(Map.of("endpoint.listen", "udp://127.0.0.1:0,tcp://127.0.0.1:0")));
        receivers.start(collector);
        udp = receivers.boundAddresses().get(0);
        tcp = receivers.boundAddresses().get(1);
    }

    @AfterEach
    void stop() {
        receivers.stop();
    }

    @Test
    void udpRfc5424AndRfc3164() throws Exception {
        logger(udp, null, "--udp", "--rfc5424", "-t", "pwtest", "archive staged: /tmp/x.tar.gz");
        logger(udp, null, "--udp", "--rfc3164", "-t", "pwtest", "python3 -c import zlib");
        List<Collector.Msg> m = collector.await(2);
        assertEquals(2, m.size());
        assertMatch(RFC5424, m.get(0).text(), "archive staged: /tmp/x.tar.gz");
        assertMatch(RFC3164, m.get(1).text(), "python3 -c import zlib");
        assertEquals("udp", m.get(0).transport());
        assertEquals("127.0.0.1", m.get(0).sender().getAddress().getHostAddress());
        assertFalse(m.get(0).truncated());
        long now = System.currentTimeMillis() * 1_000_000L;
        assertTrue(Math.abs(now - m.get(0).receivedNanos()) < 10_000_000_000L, "receive time is epoch nanoseconds");
        Counters c = publish();
        assertEquals(2, c.get("endpoint.received.udp"));
        assertEquals(m.get(0).len() + m.get(1).len(), c.get("endpoint.bytes.udp"));
    }

    @Test
    void tcpLineFramingSeveralMessagesOnOneConnection() throws Exception {
        logger(tcp, "first line\nsecond line\nthird, with ünïcode\n", "--tcp", "--rfc5424", "-t", "pwtest");
        List<Collector.Msg> m = collector.await(3);
        assertEquals(3, m.size());
        assertMatch(RFC5424, m.get(0).text(), "first line");
        assertMatch(RFC5424, m.get(1).text(), "second line");
        assertMatch(RFC5424, new String(m.get(2).text().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
                "third, with ünïcode");
        assertEquals("tcp", m.get(2).transport());
        Counters c = publish();
        assertEquals(3, c.get("endpoint.received.tcp"));
        assertEquals(1, c.get("endpoint.connections"));
        assertEquals(0, c.get("endpoint.framing_errors"));
    }

    @Test
    void tcpOctetCountingKeepsAnLfInsideAMessage() throws Exception {
        logger(tcp, "one\ntwo\n", "--tcp", "--octet-count", "--rfc3164", "-t", "pwtest");
        List<Collector.Msg> m = collector.await(2);
        assertEquals(2, m.size());
        assertMatch(RFC3164, m.get(0).text(), "one");
        assertMatch(RFC3164, m.get(1).text(), "two");
        // logger frames one message per line; a hand-made frame may carry an LF inside.
        try (Socket s = new Socket(tcp.getAddress(), tcp.getPort())) {
            s.getOutputStream().write(StreamFramingTest.octet("<13>multi\nline").getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals("<13>multi\nline", collector.await(3).get(2).text());
        assertEquals(0, publish().get("endpoint.framing_errors"));
    }

    @Test
    void ipv6LoopbackWithAnAllowlistThatNamesIt() throws Exception {
        SyslogReceivers v6 = SyslogReceivers.fromSettings(Collector.settings(Map.of(
                "endpoint.listen", "udp://[::1]:0,tcp://[::1]:0", "endpoint.allow_senders", "::1/128")));
        Collector c = new Collector();
        v6.start(c);
        try {
            logger(v6.boundAddresses().get(0), null, "--udp", "--rfc5424", "-t", "pwtest", "over udp6");
            logger(v6.boundAddresses().get(1), null, "--tcp", "--octet-count", "--rfc5424", "-t", "pwtest", "over tcp6");
            List<Collector.Msg> m = c.await(2);
            assertEquals(2, m.size());
            assertMatch(RFC5424, m.get(0).text(), "over udp6");
            assertMatch(RFC5424, m.get(1).text(), "over tcp6");
            assertEquals("0:0:0:0:0:0:0:1", m.get(1).sender().getAddress().getHostAddress());
            Counters counters = new Counters();
            v6.counters().publish(counters);
            assertEquals(0, counters.get("endpoint.refused_senders"));
        } finally {
            v6.stop();
        }
    }

    @Test
    void manyConcurrentSendersAllArriveInOrderPerConnection() throws Exception {
        int senders = 20;
        int each = 500;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                try (Socket s = new Socket(tcp.getAddress(), tcp.getPort())) {
                    OutputStream out = s.getOutputStream();
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < each; i++) {
                        String msg = "<13>sender " + id + " message " + i;
                        sb.append(id % 2 == 0 ? StreamFramingTest.octet(msg) : msg + "\n");
                    }
                    out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        List<Collector.Msg> m = collector.await(senders * each);
        assertEquals(senders * each, m.size());
        int[] next = new int[senders];
        for (Collector.Msg msg : m) {
            String[] w = msg.text().split(" ");
            int id = Integer.parseInt(w[1]);
            assertEquals(next[id]++, Integer.parseInt(w[3]), "order of sender " + id);
        }
        Counters c = publish();
        assertEquals(senders * each, c.get("endpoint.received.tcp"));
        assertEquals(senders, c.get("endpoint.connections"));
        assertEquals(0, c.get("endpoint.dropped"));
    }

    private Counters publish() {
        Counters c = new Counters();
        receivers.counters().publish(c);
        return c;
    }

    private static void assertMatch(Pattern p, String text, String body) {
        var m = p.matcher(text);
        assertTrue(m.matches(), "not the expected syslog line: " + text);
        assertEquals(body, m.group(1));
    }

    /** Runs logger against {@code to}; with {@code stdin}, each of its lines is a message. */
    static void logger(InetSocketAddress to, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("logger", "--server", to.getAddress().getHostAddress(),
                "--port", Integer.toString(to.getPort())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "logger hangs");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "logger failed: " + out);
    }
}
