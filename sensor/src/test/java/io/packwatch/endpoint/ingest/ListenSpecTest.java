package io.packwatch.endpoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.packwatch.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenSpecTest {
    @Test
    void parsesEachTransportAndAddressForm() {
        List<ListenSpec> specs = ListenSpec.parseAll(List.of("udp://0.0.0.0:514,tcp://127.0.0.1:601", "TLS://[::1]:6514"));
        assertEquals(3, specs.size());
        assertEquals(Transport.UDP, specs.get(0).transport());
        assertEquals(514, specs.get(0).address().getPort());
        assertEquals("0.0.0.0", specs.get(0).address().getAddress().getHostAddress());
        assertEquals("tcp://127.0.0.1:601", specs.get(1).toString());
        assertEquals("tls://[0:0:0:0:0:0:0:1]:6514", specs.get(2).toString());
    }

    @Test
    void aBarePortListensOnLoopbackOnly() {
        List<ListenSpec> specs = ListenSpec.parseAll(List.of("udp://5514,tcp://:5601", "tls://0"));
        assertEquals(List.of("udp://127.0.0.1:5514", "tcp://127.0.0.1:5601", "tls://127.0.0.1:0"),
                specs.stream().map(ListenSpec::toString).toList());
        for (ListenSpec spec : specs) {
            assertEquals(true, spec.address().getAddress().isLoopbackAddress(), spec.toString());
        }
        assertEquals("0.0.0.0", ListenSpec.parse("udp://0.0.0.0:5514").address().getAddress().getHostAddress(),
                "all interfaces only when asked for");
    }

    /** A receiver started on a bare port takes connections on 127.0.0.1 and is not bound to any other address. */
    @Test
    void aReceiverOnABarePortIsBoundToLoopback() throws Exception {
        SyslogReceivers r = SyslogReceivers.fromSettings(Collector.settings(Map.of("endpoint.listen", "tcp://0,udp://:0")));
        Collector c = new Collector();
        r.start(c);
        try {
            for (java.net.InetSocketAddress a : r.boundAddresses()) {
                assertEquals("127.0.0.1", a.getAddress().getHostAddress(), a.toString());
            }
            int port = r.boundAddresses().get(0).getPort();
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                s.getOutputStream().write("<13>bare port\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            assertEquals(List.of("<13>bare port"), c.await(1).stream().map(Collector.Msg::text).toList());
            java.net.InetAddress other = nonLoopbackAddress();
            if (other != null) {
                assertThrows(java.io.IOException.class, () -> new java.net.Socket(other, port).close(),
                        "reachable on " + other);
            }
        } finally {
            r.stop();
        }
    }

    /** An IPv4 address of this host that is not loopback, or null. */
    private static java.net.InetAddress nonLoopbackAddress() throws java.net.SocketException {
        for (java.net.NetworkInterface n : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (java.net.InetAddress a : java.util.Collections.list(n.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress() && n.isUp()) {
                    return a;
                }
            }
        }
        return null;
    }

    @Test
    void errorsNameTheBadSpecAndSayWhy() {
        assertEquals("bad listen address 'http://1.2.3.4:80': unknown transport 'http' (use udp, tcp or tls)", error("http://1.2.3.4:80"));
        assertEquals("bad listen address 'tcp://127.0.0.1': missing port, e.g. tcp://127.0.0.1:601", error("tcp://127.0.0.1"));
        assertEquals("bad listen address 'udp://127.0.0.1:70000': port '70000' is not a number from 0 to 65535",
                error("udp://127.0.0.1:70000"));
        assertEquals("bad listen address 'tls://logs.example.com:6514': 'logs.example.com' is not an IP address"
                + " (use 0.0.0.0, 127.0.0.1, [::] or an interface's address)", error("tls://logs.example.com:6514"));
        assertEquals("bad listen address 'tcp://::1:601': put an IPv6 address in brackets, e.g. tcp://[::1]:601",
                error("tcp://::1:601"));
        assertEquals("bad listen address '127.0.0.1:514': expected TRANSPORT://ADDRESS:PORT such as udp://127.0.0.1:514,"
                + " tcp://0.0.0.0:601 or tls://[::1]:6514", error("127.0.0.1:514"));
    }

    @Test
    void configNamesTheKeyAndRequiresCertificatesForTls() {
        ConfigException bad = assertThrows(ConfigException.class,
                () -> IngestConfig.from(Collector.settings(Map.of("endpoint.listen", "udp://127.0.0.1:514,tcp://x:1"))));
        assertEquals("endpoint.listen: bad listen address 'tcp://x:1': 'x' is not an IP address"
                + " (use 0.0.0.0, 127.0.0.1, [::] or an interface's address)", bad.getMessage());
        ConfigException tls = assertThrows(ConfigException.class,
                () -> IngestConfig.from(Collector.settings(Map.of("endpoint.listen", "tls://127.0.0.1:6514"))));
        assertEquals("endpoint.listen has a tls:// address, so set endpoint.tls.cert and endpoint.tls.key"
                + " (PEM certificate chain and PKCS#8 PEM private key)", tls.getMessage());
    }

    @Test
    void noListenerByDefault() {
        assertEquals(false, SyslogReceivers.fromSettings(io.packwatch.config.Settings.defaults()).enabled());
    }

    private static String error(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> ListenSpec.parse(spec)).getMessage();
    }
}
