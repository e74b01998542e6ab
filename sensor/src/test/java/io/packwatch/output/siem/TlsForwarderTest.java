package io.packwatch.output.siem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.packwatch.config.Settings;
import io.packwatch.stats.Counters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS targets against a JDK TLS syslog server on loopback, with certificates made by keytool. */
class TlsForwarderTest {
    @TempDir
    static Path pkiDir;
    static TestPki pki;
    static Path server;
    static Path client;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = new TestPki(pkiDir);
        server = pki.issue("server", "siem.test", "ip:127.0.0.1,dns:siem.test");
        client = pki.issue("client", "sensor1", null);
    }

    private SiemForwarder forwarder(String target, String... keyValues) {
        Settings.Builder b = new Settings.Builder()
                .set("siem.format", "cef", "test")
                .set("siem.spool.path", tmp.resolve("spool").toString(), "test")
                .set("siem.tls.ca", pki.pem("server").toString(), "test")
                .set("siem.reconnect.min_backoff", "50ms", "test")
                .set("siem.resend_window", "200ms", "test");
        for (int i = 0; i < keyValues.length; i += 2) {
            b.set(keyValues[i], keyValues[i + 1], "test");
        }
        return SiemForwarder.fromSettings(b.build("test"), List.of(target), null, new Counters(),
                new PrintStream(logBytes, true, StandardCharsets.UTF_8));
    }

    @Test
    void deliversToAVerifiedServer() throws Exception {
        try (SyslogCollector siem = SyslogCollector.tls(0, pki.serverContext(server, pki.pem("client")), false)) {
            for (String host : new String[] {"127.0.0.1", "[::ffff:127.0.0.1]"}) {
                int before = siem.messages().size();
                SiemForwarder f = forwarder("tls://" + host + ":" + siem.port());
                ForwarderTest.sendIds(f, 0, 10);
                siem.await(before + 10, 10_000);
                f.close();
                assertEquals(ForwarderTest.ids(0, 10), ForwarderTest.idsOf(siem.messages().subList(before, before + 10)));
                assertEquals(10, f.stats().sent());
                assertEquals(0, f.stats().spooled(), "the close handshake confirmed everything");
            }
            assertEquals(List.of(), siem.errors());
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefused() throws Exception {
        try (SyslogCollector siem = SyslogCollector.tls(0, pki.serverContext(server, pki.pem("client")), false)) {
            SiemForwarder f = forwarder("tls://localhost:" + siem.port()); // the certificate is for siem.test
            ForwarderTest.sendIds(f, 0, 3);
            assertTrue(f.flush());
            Thread.sleep(200);
            f.close();
            assertEquals(List.of(), siem.messages());
            assertEquals(0, f.stats().sent());
            assertEquals(3, f.stats().spooled(), "kept for when the certificate is fixed");
            Counters c = new Counters();
            f.stats().publish(c);
            assertTrue(c.get("siem.connect_failures") >= 1);
            String log = logBytes.toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("cannot connect to SIEM tls://localhost:" + siem.port()), log);
            assertTrue(log.contains("subject alternative"), log);
        }
    }

    @Test
    void mutualTlsWithAPkcs12ClientCertificate() throws Exception {
        try (SyslogCollector siem = SyslogCollector.tls(0, pki.serverContext(server, pki.pem("client")), true)) {
            SiemForwarder anonymous = forwarder("tls://127.0.0.1:" + siem.port());
            anonymous.send(SampleAlerts.correlated("x"));
            assertTrue(anonymous.flush());
            Thread.sleep(200);
            anonymous.close();
            assertEquals(List.of(), siem.messages(), "the server wants a client certificate");

            SiemForwarder f = forwarder("tls://127.0.0.1:" + siem.port(), "siem.tls.keystore", client.toString(),
                    "siem.tls.keystore_password", TestPki.PASSWORD);
            ForwarderTest.sendIds(f, 0, 5);
            siem.await(5, 10_000);
            f.close();
            // the anonymous forwarder's spool (same target) is replayed by the second one first
            assertEquals(List.of("x", "a0", "a1", "a2", "a3", "a4"), ForwarderTest.idsOf(siem.messages()));
        }
    }

    @Test
    void mutualTlsWithPemCertificateAndKey() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is needed to write the PEM key");
        Path keyPem = pkiDir.resolve("client.key.pem");
        Process p = new ProcessBuilder("sh", "-c", "openssl pkcs12 -in client.p12 -nocerts -nodes -passin pass:"
                + TestPki.PASSWORD + " | openssl pkcs8 -topk8 -nocrypt -out client.key.pem").directory(pkiDir.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        try (SyslogCollector siem = SyslogCollector.tls(0, pki.serverContext(server, pki.pem("client")), true)) {
            SiemForwarder f = forwarder("tls://127.0.0.1:" + siem.port(), "siem.tls.cert",
                    pkiDir.resolve("client.pem").toString(), "siem.tls.key", keyPem.toString());
            ForwarderTest.sendIds(f, 0, 3);
            siem.await(3, 10_000);
            f.close();
            assertEquals(ForwarderTest.ids(0, 3), ForwarderTest.idsOf(siem.messages()));
        }
    }
}
