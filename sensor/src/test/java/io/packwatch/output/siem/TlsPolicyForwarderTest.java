package io.packwatch.output.siem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.config.TlsPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder's TLS client keeps to {@link TlsPolicy}: against a JDK server on loopback that offers only CBC
 * suites (which the JDK client would otherwise take), the handshake fails; against an AEAD ECDHE server on TLS 1.2
 * it succeeds with one of the policy's suites.
 */
class TlsPolicyForwarderTest {
    @TempDir
    static Path pkiDir;
    static TestPki pki;
    static Path server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = new TestPki(pkiDir);
        server = pki.issue("server", "siem.test", "ip:127.0.0.1,dns:siem.test");
        pki.issue("client", "sensor1", null);
    }

    /** Accepts one connection offering only {@code suites} on {@code protocol}; returns the suite it agreed, or the failure. */
    private static String handshake(String protocol, String... suites) throws Exception {
        SSLContext ctx = pki.serverContext(server, pki.pem("client"));
        try (SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            List<String> have = List.of(ss.getSupportedCipherSuites());
            String[] offered = Arrays.stream(suites).filter(have::contains).toArray(String[]::new);
            assertTrue(offered.length > 0, "the JDK server supports none of " + List.of(suites));
            ss.setEnabledCipherSuites(offered);
            ss.setEnabledProtocols(new String[] {protocol});
            AtomicReference<String> agreed = new AtomicReference<>("no handshake");
            Thread t = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(5000);
                    s.startHandshake();
                    agreed.set(s.getSession().getCipherSuite());
                    s.getInputStream().read();
                } catch (IOException e) {
                    agreed.set("server: " + e.getMessage());
                }
            });
            t.start();
            SiemTarget target = SiemTarget.parse("tls://127.0.0.1:" + ss.getLocalPort(), SiemFormat.CEF,
                    Framing.OCTET_COUNTING);
            SSLContext client = TlsContexts.create(pki.pem("server").toString(), "", "", "", "");
            List<String> out = new ArrayList<>();
            try (Connection c = new Connector(target, 5000, client).open()) {
                out.add("connected");
            } catch (IOException e) {
                out.add("refused");
            }
            t.join(10_000);
            return out.get(0) + " " + agreed.get();
        }
    }

    @Test
    void aCbcOnlyServerIsRefused() throws Exception {
        String r = handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA");
        assertTrue(r.startsWith("refused server: "), r);
    }

    @Test
    void anAeadEcdheServerOnTls12IsAccepted() throws Exception {
        assertEquals("connected TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"));
    }

    @Test
    void theClientOffersOnlyThePolicy() throws Exception {
        SSLSocket s = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket();
        s.setSSLParameters(TlsPolicy.apply(s.getSSLParameters(), s.getSupportedCipherSuites()));
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(s.getEnabledProtocols()));
        for (String suite : s.getEnabledCipherSuites()) {
            assertTrue(suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")
                    || suite.startsWith("TLS_ECDHE_") && (suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_")),
                    suite);
        }
        assertTrue(s.getEnabledCipherSuites().length >= 6, List.of(s.getEnabledCipherSuites()).toString());
        s.close();
    }
}
