package io.packwatch.endpoint.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made with the JDK's keytool, as an operator would: a CA, a self-signed server
 * certificate with its PKCS#8 PEM key, a client certificate the CA signed, and a rogue client
 * certificate nobody signed. Nothing private is checked in.
 */
final class TestCertificates {
    static final char[] PASSWORD = "changeit".toCharArray();
    final Path dir;
    final Path caPem;
    final Path serverCertPem;
    final Path serverKeyPem;
    final Path clientStore;
    final Path rogueStore;

    TestCertificates(Path dir) throws Exception {
        this.dir = dir;
        Path ca = dir.resolve("ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=packwatch test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString());
        caPem = dir.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());

        Path server = dir.resolve("server.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", server.toString());
        serverCertPem = dir.resolve("server.pem");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", server.toString(), "-file", serverCertPem.toString());
        serverKeyPem = dir.resolve("server.key");
        writePkcs8(server, "server", serverKeyPem);

        clientStore = dir.resolve("client.p12");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=host1.example",
                "-validity", "2", "-keystore", clientStore.toString());
        Path csr = dir.resolve("client.csr");
        keytool("-certreq", "-alias", "client", "-keystore", clientStore.toString(), "-file", csr.toString());
        Path signed = dir.resolve("client.pem");
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(),
                "-outfile", signed.toString(), "-validity", "2", "-ext", "eku=clientAuth");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", clientStore.toString());
        keytool("-importcert", "-alias", "client", "-file", signed.toString(), "-keystore", clientStore.toString());

        rogueStore = dir.resolve("rogue.p12");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=rogue",
                "-validity", "2", "-keystore", rogueStore.toString());
    }

    static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    /** keytool cannot export a private key; the PKCS12 entry's encoding already is PKCS#8. */
    private static void writePkcs8(Path p12, String alias, Path out) throws Exception {
        Key key = load(p12).getKey(alias, PASSWORD);
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        Files.writeString(out, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", new String(PASSWORD)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool hangs: " + cmd);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed: " + cmd + "\n" + out);
        }
    }
}
