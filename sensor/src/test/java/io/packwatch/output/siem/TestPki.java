package io.packwatch.output.siem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throwaway self-signed server and client certificates, made by the JDK's keytool at test time (no
 * private key is checked in). EC P-256 keys, two days of validity.
 */
final class TestPki {
    static final String PASSWORD = "changeit";
    final Path dir;

    TestPki(Path dir) {
        this.dir = dir;
    }

    /**
     * A PKCS12 key store {@code name.p12} holding a self-signed certificate for {@code cn} with the
     * subject alternative names {@code san} (may be null), and the certificate as {@code name.pem}.
     */
    Path issue(String name, String cn, String san) throws IOException, InterruptedException {
        String store = name + ".p12";
        List<String> gen = new ArrayList<>(List.of("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=" + cn, "-validity", "2", "-keystore", store));
        if (san != null) {
            gen.addAll(List.of("-ext", "san=" + san));
        }
        keytool(gen.toArray(new String[0]));
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store, "-file", name + ".pem");
        return dir.resolve(store);
    }

    Path pem(String name) {
        return dir.resolve(name + ".pem");
    }

    /** A server-side context: the key store's key, and {@code clientCert} trusted for client certificates. */
    SSLContext serverContext(Path keyStore, Path clientCert) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(clientCert)) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
