package io.packwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.app.AppLayer;
import io.packwatch.app.http.HttpConfig;
import io.packwatch.app.http.HttpLayer;
import io.packwatch.app.tls.TlsSession;
import io.packwatch.config.Settings;
import io.packwatch.decode.OverlapPolicy;
import io.packwatch.decode.Packet;
import io.packwatch.flow.FlowConfig;
import io.packwatch.flow.FlowTable;
import io.packwatch.flow.ReassemblyConfig;
import io.packwatch.inspect.EncodedArchiveDetector;
import io.packwatch.inspect.InspectConfig;
import io.packwatch.inspect.InspectedObject;
import io.packwatch.inspect.Inspection;
import io.packwatch.inspect.ObjectContext;
import io.packwatch.inspect.archive.ArchiveLimits;
import io.packwatch.inspect.format.SignatureDetector;
import io.packwatch.stats.Counters;
import io.packwatch.support.Repo;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Both directions of one TCP connection through the application layer (protocol sniffing, the HTTP request and
 * response decoders with Content-Encoding and multipart, the TLS hello parser) and inspection, cut into segments
 * where the input says.
 *
 * <p>Input: byte 0 picks tight or default HTTP limits (bit 0); then chunks of a control byte (bit 7 set: from the
 * server; bits 0-6: length - 1) and up to that many bytes, sent in order as one TCP segment each.
 *
 * <p>Invariants: no exception; every HTTP body or part opened is reported once when the flow ends
 * ({@code http.bodies}); no object holds more bytes than its direction carried, unless decoded, and then no more than
 * {@code http.max_decoded_bytes}; request fields are no longer than the line and header limits allow.
 */
class AppLayerFuzzTest {
    private static final SignatureDetector SIGNATURES = SignatureDetector.fromDirectory(Repo.root().resolve("signatures"));
    static final HttpConfig TIGHT = new HttpConfig(64, 256, 4096, 20, 2, 2);
    private static final FlowConfig FLOWS;

    static {
        Settings d = Settings.defaults();
        FLOWS = new FlowConfig(16, d.nanos("flow.timeout.tcp_new"), d.nanos("flow.timeout.tcp_established"),
                d.nanos("flow.timeout.tcp_closed"), d.nanos("flow.timeout.udp"), d.nanos("flow.timeout.other"));
    }

    static final HttpConfig ROOMY = new HttpConfig(8192, 65536, 1 << 20, 1000, 3, 64);

    @PackwatchFuzzTest
    void http(byte[] in) {
        run(in);
    }

    @PackwatchFuzzTest
    void tls(byte[] in) {
        run(in);
    }

    private static void run(byte[] in) {
        if (in.length < 1) {
            return;
        }
        HttpConfig http = (in[0] & 1) != 0 ? TIGHT : ROOMY;
        Counters counters = new Counters();
        List<InspectedObject> objects = new ArrayList<>();
        InspectConfig inspect = new InspectConfig(4096, 1 << 20, true, 0,
                ArchiveLimits.DEFAULTS);
        Inspection inspection = new Inspection(inspect, new EncodedArchiveDetector(SIGNATURES), objects::add, counters);
        AppLayer app = new AppLayer(inspection, new HttpLayer(http, counters), new TlsSession.Stats(counters), 512);
        FlowTable table = new FlowTable(FLOWS, new ReassemblyConfig(OverlapPolicy.FIRST, 0, 1 << 20, 1 << 16, 64),
                app::forFlow, (f, r) -> { },
                counters);
        int clientIsn = 1000;
        int serverIsn = 5000;
        long now = 1_700_000_000_000_000_000L;
        table.process(TcpReassemblyFuzzTest.packet(0, Packet.SYN, clientIsn, 0, 0, 0, now += 1000), true);
        table.process(TcpReassemblyFuzzTest.packet(1, Packet.SYN | Packet.ACK, serverIsn, clientIsn + 1, 0, 0,
                now += 1000), true);
        table.process(TcpReassemblyFuzzTest.packet(0, Packet.ACK, clientIsn + 1, serverIsn + 1, 0, 0, now += 1000), true);
        long[] sent = new long[2];
        for (int at = 1; at < in.length; ) {
            int side = (in[at] & 0x80) != 0 ? 1 : 0;
            int len = Math.min((in[at] & 0x7F) + 1, in.length - at - 1);
            at++;
            if (len <= 0) {
                break;
            }
            byte[] payload = new byte[len];
            System.arraycopy(in, at, payload, 0, len);
            at += len;
            int isn = side == 0 ? clientIsn : serverIsn;
            int peer = side == 0 ? serverIsn : clientIsn;
            Packet p = TcpReassemblyFuzzTest.packet(side, Packet.ACK | Packet.PSH, isn + 1 + (int) sent[side],
                    peer + 1 + (int) sent[1 - side], len, 0, now += 1000);
            p.buf = payload;
            table.process(p, true);
            sent[side] += len;
        }
        table.flush();

        long httpObjects = 0;
        for (InspectedObject o : objects) {
            ObjectContext c = o.context();
            boolean decoded = c.layer() != null && !c.layer().equals("wire");
            if (decoded && !c.layer().equals("decoded")) {
                throw new AssertionError("unknown layer " + c.layer());
            }
            if (c.kind().startsWith("http")) {
                httpObjects++;
                assertTrue(len(c.uri()) <= http.maxInitialLine(), "uri of " + len(c.uri()) + " chars");
                for (String v : new String[] {c.method(), c.host(), c.userAgent(), c.contentType(), c.contentEncoding(),
                        c.fileName(), c.forwardedFor()}) {
                    assertTrue(len(v) <= http.maxHeaderBytes(), "a field of " + len(v) + " chars: " + c);
                }
            }
            if (decoded && c.contentEncoding() != null) {
                assertTrue(o.size() <= http.maxDecodedBytes(), o.size() + " decoded bytes: " + c);
            } else if (!decoded) {
                assertTrue(o.size() <= sent[o.direction()], o.size() + " bytes of " + sent[o.direction()] + " sent: " + c);
            }
            assertTrue(o.size() >= 0 && o.missedBytes() >= 0, o.toString());
        }
        assertEquals(counters.get("http.bodies"), httpObjects, "HTTP objects opened vs reported");
        assertTrue(counters.get("http.decoded_bodies") <= counters.get("http.bodies"), "decoded bodies");
        assertEquals(0, table.size());
    }

    private static int len(String s) {
        return s == null ? 0 : s.length();
    }

    /** An input of this target's layout: the client's and the server's bytes in chunks of {@code chunk}, alternating. */
    static byte[] encode(boolean tight, int chunk, byte[] client, byte[] server) {
        return encodeTurns(tight, chunk, client, server);
    }

    /**
     * An input of this target's layout in which client and server take turns (the first turn the client's), each
     * turn in chunks of {@code chunk}: a WebSocket client sends frames only after the server's 101.
     */
    static byte[] encodeTurns(boolean tight, int chunk, byte[]... turns) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tight ? 1 : 0);
        for (int t = 0; t < turns.length; t++) {
            int side = t % 2 == 0 ? 0 : 0x80;
            for (int at = 0; at < turns[t].length; ) {
                int n = Math.min(chunk, turns[t].length - at);
                out.write(side | n - 1);
                out.write(turns[t], at, n);
                at += n;
            }
        }
        return out.toByteArray();
    }
}
