package io.packwatch.endpoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.config.ConfigException;
import io.packwatch.stats.Counters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 5425 syslog over TLS, from a JDK SSLSocket client, with and without client certificates. */
class TlsReceiverTest {
    @TempDir
    static Path tmp;
    static TestCertificates certs;

    private final Collector collector = new Collector();
    private SyslogReceivers receivers;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = new TestCertificates(tmp);
    }

    @AfterEach
    void stop() {
        if (receivers != null) {
            receivers.stop();
        }
    }

    private InetSocketAddress start(boolean mutual) throws IOException {
        Map<String, String> m = new HashMap<>();
        m.put("endpoint.listen", "tls://127.0.0.1:0");
        m.put("endpoint.tls.cert", certs.serverCertPem.toString());
        m.put("endpoint.tls.key", certs.serverKeyPem.toString());
        if (mutual) {
            m.put("endpoint.tls.client_ca", certs.caPem.toString());
        }
        receivers = SyslogReceivers.fromSettings(Collector.settings(m));
        receivers.start(collector);
        return receivers.boundAddresses().get(0);
    }

    @Test
    void octetCountedMessagesOverTls13() throws Exception {
        InetSocketAddress at = start(false);
        try (SSLSocket s = client(at, null, "TLSv1.3")) {
            s.startHandshake();
            assertEquals("TLSv1.3", s.getSession().getProtocol());
            OutputStream out = s.getOutputStream();
            out.write((StreamFramingTest.octet("<13>1 2026-11-30T10:00:00Z host1 sysmon 4242 1 - Process Create")
                    + StreamFramingTest.octet("<13>1 2026-11-30T10:00:01Z host1 sysmon 4242 11 - File created\n/tmp/a.gz"))
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            List<Collector.Msg> m = collector.await(2);
            assertEquals(2, m.size());
            assertEquals("<13>1 2026-11-30T10:00:00Z host1 sysmon 4242 1 - Process Create", m.get(0).text());
            assertEquals("<13>1 2026-11-30T10:00:01Z host1 sysmon 4242 11 - File created\n/tmp/a.gz", m.get(1).text());
            assertEquals("tls", m.get(0).transport());
        }
        Counters c = publish();
        assertEquals(2, c.get("endpoint.received.tls"));
        assertEquals(0, c.get("endpoint.tls_handshake_failures"));
    }

    @Test
    void tls12WithAModernSuiteAndOldProtocolsRefused() throws Exception {
        InetSocketAddress at = start(false);
        try (SSLSocket s = client(at, null, "TLSv1.2")) {
            s.startHandshake();
            assertEquals("TLSv1.2", s.getSession().getProtocol());
            assertTrue(io.packwatch.config.TlsPolicy.CIPHERS.contains(s.getSession().getCipherSuite()), s.getSession().getCipherSuite());
            s.getOutputStream().write("<13>over tls 1.2\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("<13>over tls 1.2", collector.await(1).get(0).text());
        }
        try (SSLSocket s = client(at, null, "TLSv1.1")) {
            assertThrows(IOException.class, s::startHandshake);
        }
        Collector.eventually(() -> assertEquals(1, publish().get("endpoint.tls_handshake_failures")));
    }

    /** A TLS 1.2 client that offers only CBC suites (ones the EC server key could serve) is refused. */
    @Test
    void cbcOnlyClientsAreRefused() throws Exception {
        InetSocketAddress at = start(false);
        String[][] offers = {
            {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"},
            {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"},
        };
        for (String[] suites : offers) {
            try (SSLSocket s = client(at, null, "TLSv1.2")) {
                s.setEnabledCipherSuites(supported(s, suites));
                assertTrue(s.getEnabledCipherSuites().length > 0, "the JDK client supports none of " + List.of(suites));
                assertThrows(IOException.class, s::startHandshake, List.of(suites).toString());
            }
        }
        Collector.eventually(() -> assertEquals(2, publish().get("endpoint.tls_handshake_failures")));
        assertEquals(0, collector.all().size());
    }

    static String[] supported(SSLSocket s, String[] wanted) {
        List<String> have = List.of(s.getSupportedCipherSuites());
        return java.util.Arrays.stream(wanted).filter(have::contains).toArray(String[]::new);
    }

    @Test
    void mutualTlsAcceptsTheCaSignedClientAndRefusesOthers() throws Exception {
        InetSocketAddress at = start(true);
        try (SSLSocket s = client(at, certs.clientStore, "TLSv1.3")) {
            s.getOutputStream().write(StreamFramingTest.octet("<13>from host1").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertEquals("<13>from host1", collector.await(1).get(0).text());
        }
        for (Path store : new Path[] {null, certs.rogueStore}) {
            try (SSLSocket s = client(at, store, "TLSv1.3")) {
                // In TLS 1.3 the client may finish its side before the server judges its certificate:
                // the refusal shows as an alert or a close on the next read.
                int r;
                try {
                    s.getOutputStream().write("<13>must not arrive\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    r = s.getInputStream().read();
                } catch (IOException e) {
                    r = -1;
                }
                assertEquals(-1, r, "refused");
            }
        }
        Collector.eventually(() -> assertEquals(2, publish().get("endpoint.tls_handshake_failures")));
        assertEquals(List.of("<13>from host1"), collector.texts());
        assertEquals(1, publish().get("endpoint.received.tls"));
    }

    @Test
    void opensslClientWithItsCertificateUnderMutualTls() throws Exception {
        InetSocketAddress at = start(true);
        Process p = new ProcessBuilder("openssl", "s_client", "-quiet", "-no_ign_eof", "-connect", "127.0.0.1:" + at.getPort(),
                "-CAfile", certs.serverCertPem.toString(), "-cert", certs.clientCertPem.toString(),
                "-key", certs.clientKeyPem.toString()).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(("<13>1 2026-11-30T10:00:00Z host1 openssl - - - line framed\n"
                    + StreamFramingTest.octet("<13>1 2026-11-30T10:00:01Z host1 openssl - - - octet counted"))
                    .getBytes(StandardCharsets.US_ASCII));
        }
        assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "openssl s_client hangs");
        assertEquals(List.of("<13>1 2026-11-30T10:00:00Z host1 openssl - - - line framed",
                "<13>1 2026-11-30T10:00:01Z host1 openssl - - - octet counted"),
                collector.await(2).stream().map(Collector.Msg::text).toList(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, publish().get("endpoint.tls_handshake_failures"));
    }

    @Test
    void plainTextOnTheTlsPortIsAHandshakeFailure() throws Exception {
        InetSocketAddress at = start(false);
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("<13>plain text on a TLS port\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[256];
            while (in.read(buf) >= 0) {
                // an alert, if any, then the close
            }
        } catch (IOException e) {
            // a reset is as good as a close
        }
        Collector.eventually(() -> assertEquals(1, publish().get("endpoint.tls_handshake_failures")));
        assertEquals(0, collector.all().size());
    }

    @Test
    void aBadKeyFileIsAConfigErrorThatSaysWhatToDo() throws Exception {
        Path notPkcs8 = tmp.resolve("rsa-pkcs1.key");
        Files.writeString(notPkcs8, "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\n");
        Map<String, String> m = Map.of("endpoint.listen", "tls://127.0.0.1:0", "endpoint.tls.cert", certs.serverCertPem.toString(),
                "endpoint.tls.key", notPkcs8.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> SyslogReceivers.fromSettings(Collector.settings(m)));
        assertTrue(e.getMessage().startsWith("endpoint.tls.cert/endpoint.tls.key: cannot use "), e.getMessage());
        assertTrue(e.getMessage().endsWith("convert a key with 'openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem')"), e.getMessage());
        Map<String, String> missing = Map.of("endpoint.listen", "tls://127.0.0.1:0", "endpoint.tls.cert", "/nonexistent/cert.pem",
                "endpoint.tls.key", notPkcs8.toString());
        assertEquals("endpoint.tls.cert: cannot read /nonexistent/cert.pem (no such file)",
                assertThrows(ConfigException.class, () -> SyslogReceivers.fromSettings(Collector.settings(missing))).getMessage());
    }

    private Counters publish() {
        Counters c = new Counters();
        receivers.counters().publish(c);
        return c;
    }

    /** A client that trusts the server's certificate and, given a keystore, presents its own. */
    private static SSLSocket client(InetSocketAddress at, Path keyStore, String protocol) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certs.serverCertPem)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (keyStore != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore == certs.clientStore ? certs.clientKeyStore() : TestCertificates.load(keyStore),
                    TestCertificates.PASSWORD);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(at.getAddress(), at.getPort());
        s.setEnabledProtocols(new String[] {protocol});
        s.setSoTimeout(5000);
        return s;
    }
}
