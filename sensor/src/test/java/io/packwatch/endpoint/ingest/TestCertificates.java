package io.packwatch.endpoint.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made with the JDK's keytool, as an operator would: a CA, a self-signed server
 * certificate with its PKCS#8 PEM key, a client certificate the CA signed (-certreq, -gencert), and
 * a rogue client certificate nobody signed. Nothing private is checked in. keytool cannot export a
 * private key, and each run of it is a JVM start, so the PEM files are written here from the
 * keystores (a PKCS12 key entry's encoding already is PKCS#8).
 */
final class TestCertificates {
    static final char[] PASSWORD = "changeit".toCharArray();
    final Path caPem;
    final Path serverCertPem;
    final Path serverKeyPem;
    final Path clientStore;
    final Path clientCertPem;
    final Path clientKeyPem;
    final Path rogueStore;

    TestCertificates(Path dir) throws Exception {
        Path ca = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        clientStore = dir.resolve("client.p12");
        rogueStore = dir.resolve("rogue.p12");
        run(List.of(
                genkeypair(ca, "ca", "CN=packwatch test CA", "-ext", "bc:c"),
                genkeypair(server, "server", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost"),
                genkeypair(clientStore, "client", "CN=host1.example"),
                genkeypair(rogueStore, "client", "CN=rogue")));
        Path csr = dir.resolve("client.csr");
        run(List.of(keytool("-certreq", "-alias", "client", "-keystore", clientStore.toString(), "-file", csr.toString())));
        clientCertPem = dir.resolve("client.pem");
        run(List.of(keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(),
                "-outfile", clientCertPem.toString(), "-validity", "2", "-ext", "eku=clientAuth")));

        caPem = dir.resolve("ca.pem");
        writePem(caPem, "CERTIFICATE", load(ca).getCertificate("ca").getEncoded());
        serverCertPem = dir.resolve("server.pem");
        writePem(serverCertPem, "CERTIFICATE", load(server).getCertificate("server").getEncoded());
        serverKeyPem = dir.resolve("server.key");
        writePem(serverKeyPem, "PRIVATE KEY", load(server).getKey("server", PASSWORD).getEncoded());
        clientKeyPem = dir.resolve("client.key");
        writePem(clientKeyPem, "PRIVATE KEY", load(clientStore).getKey("client", PASSWORD).getEncoded());
    }

    /** The client's key with the chain the CA signed: what a sender's keystore holds after importing the reply. */
    KeyStore clientKeyStore() throws Exception {
        PrivateKey key = (PrivateKey) load(clientStore).getKey("client", PASSWORD);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Certificate signed;
        Certificate caCert;
        try (InputStream a = Files.newInputStream(clientCertPem); InputStream b = Files.newInputStream(caPem)) {
            signed = cf.generateCertificate(a);
            caCert = cf.generateCertificate(b);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", key, PASSWORD, new Certificate[] {signed, caCert});
        return ks;
    }

    static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static void writePem(Path out, String type, byte[] der) throws IOException {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        Files.writeString(out, "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n", StandardCharsets.US_ASCII);
    }

    private static List<String> genkeypair(Path store, String alias, String dname, String... more) {
        List<String> cmd = keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", dname, "-validity", "2", "-keystore", store.toString());
        cmd.addAll(List.of(more));
        return cmd;
    }

    private static List<String> keytool(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // keytool is a JVM start each time: start it the cheap way.
        cmd.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", new String(PASSWORD)));
        return cmd;
    }

    /** Runs the commands at once and waits for all. */
    private static void run(List<List<String>> cmds) throws IOException, InterruptedException {
        List<Process> ps = new ArrayList<>();
        for (List<String> cmd : cmds) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            ps.add(p);
        }
        for (int i = 0; i < ps.size(); i++) {
            Process p = ps.get(i);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool hangs: " + cmds.get(i));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("keytool failed: " + cmds.get(i) + "\n" + out);
            }
        }
    }
}
