package io.packwatch.app.names;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.packwatch.decode.CidrSet;
import io.packwatch.decode.Packet;
import io.packwatch.stats.Counters;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HostNameSnifferTest {
    private final List<String> learned = new ArrayList<>();
    private final Counters counters = new Counters();
    private final HostNameSniffer sniffer = new HostNameSniffer(CidrSet.parse(List.of("10.0.0.0/8", "fd00::/8")),
            (name, ip) -> learned.add(name + "=" + ip), counters);

    private void feed(int srcPort, int dstPort, byte[] payload) {
        Packet p = new Packet();
        p.buf = payload;
        p.payloadOffset = 0;
        p.payloadLength = payload.length;
        p.srcPort = srcPort;
        p.dstPort = dstPort;
        sniffer.onDatagram(p);
    }

    /** A BOOTP message with the DHCP cookie and these options (code, value...). */
    private static byte[] dhcp(int op, int xid, String yiaddr, Object... options) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] fixed = new byte[236];
        fixed[0] = (byte) op;
        fixed[1] = 1;
        fixed[2] = 6;
        for (int i = 0; i < 4; i++) {
            fixed[4 + i] = (byte) (xid >>> (24 - 8 * i));
        }
        String[] q = yiaddr.split("\\.");
        for (int i = 0; i < 4; i++) {
            fixed[16 + i] = (byte) Integer.parseInt(q[i]);
        }
        b.writeBytes(fixed);
        b.writeBytes(new byte[] {0x63, (byte) 0x82, 0x53, 0x63});
        for (int i = 0; i < options.length; i += 2) {
            byte[] v = options[i + 1] instanceof String s ? s.getBytes(StandardCharsets.US_ASCII) : (byte[]) options[i + 1];
            b.write((Integer) options[i]);
            b.write(v.length);
            b.writeBytes(v);
        }
        b.write(255);
        return b.toByteArray();
    }

    @Test
    void dhcpRequestNameJoinsTheAckThatAssignsTheAddress() {
        feed(68, 67, dhcp(1, 0x1234, "0.0.0.0", 53, new byte[] {3}, 12, "alice-pc"));
        assertEquals(List.of(), learned);
        feed(67, 68, dhcp(2, 0x1234, "10.1.0.5", 53, new byte[] {5}));
        assertEquals(List.of("alice-pc=10.1.0.5"), learned);
        assertEquals(1, counters.get("names.dhcp"));
    }

    @Test
    void clientFqdnInWireFormatAndNamesOutsideHomeAreHandled() {
        byte[] fqdn = {0x05, 0, 0, 3, 'b', 'o', 'b', 4, 'c', 'o', 'r', 'p', 0};
        feed(68, 67, dhcp(1, 7, "0.0.0.0", 53, new byte[] {3}, 81, fqdn));
        feed(67, 68, dhcp(2, 7, "10.2.0.9", 53, new byte[] {5}));
        feed(68, 67, dhcp(1, 8, "0.0.0.0", 53, new byte[] {3}, 12, "guest"));
        feed(67, 68, dhcp(2, 8, "192.0.2.7", 53, new byte[] {5}));
        assertEquals(List.of("bob.corp=10.2.0.9"), learned, "192.0.2.7 is outside the home networks");
    }

    @Test
    void dnsAnswersWithCompressionTeachAAndAaaa() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x12, 0x34, (byte) 0x81, (byte) 0x80, 0, 1, 0, 2, 0, 0, 0, 0});
        b.writeBytes(new byte[] {8, 'a', 'l', 'i', 'c', 'e', '-', 'p', 'c', 4, 'c', 'o', 'r', 'p', 0, 0, 1, 0, 1});
        b.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 1, 0, 5});
        b.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 28, 0, 1, 0, 0, 0, 60, 0, 16, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 5});
        feed(53, 40000, b.toByteArray());
        assertEquals(List.of("alice-pc.corp=10.1.0.5", "alice-pc.corp=fd00::5"), learned);
        assertEquals(2, counters.get("names.dns"));
    }

    @Test
    void garbageIsCountedNeverThrown() {
        Random r = new Random(7);
        byte[] ack = dhcp(2, 9, "10.0.0.1", 53, new byte[] {5}, 12, "x");
        for (int i = 0; i < 20_000; i++) {
            byte[] m = ack.clone();
            m[r.nextInt(m.length)] = (byte) r.nextInt(256);
            feed(67, 68, java.util.Arrays.copyOf(m, 1 + r.nextInt(m.length)));
            byte[] dns = new byte[r.nextInt(64)];
            r.nextBytes(dns);
            feed(53, 1, dns);
        }
        assertEquals(true, counters.get("names.malformed") > 0);
    }
}
