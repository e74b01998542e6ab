package io.packwatch.output.siem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context for {@code tls://} targets: whom to trust ({@code siem.tls.ca}: a PEM bundle of
 * CA certificates or a PKCS12 trust store; empty for the JDK's default CAs) and, for mutual TLS,
 * the client certificate: PEM {@code siem.tls.cert} with an unencrypted PKCS#8 PEM
 * {@code siem.tls.key}, or a PKCS12 {@code siem.tls.keystore} with its password.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    public static SSLContext create(String ca, String cert, String key, String keystore, String keystorePassword) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ca.isEmpty() ? null : trustStore(Path.of(ca)));
            KeyManagerFactory kmf = null;
            char[] password = keystorePassword.toCharArray();
            KeyStore clientKeys = null;
            if (!keystore.isEmpty()) {
                clientKeys = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(Path.of(keystore))) {
                    clientKeys.load(in, password);
                }
            } else if (!cert.isEmpty() || !key.isEmpty()) {
                if (cert.isEmpty() || key.isEmpty()) {
                    throw new IllegalArgumentException("siem.tls.cert and siem.tls.key go together");
                }
                clientKeys = KeyStore.getInstance("PKCS12");
                clientKeys.load(null, null);
                List<Certificate> chain = certificates(Path.of(cert));
                clientKeys.setKeyEntry("client", privateKey(Path.of(key)), password, chain.toArray(new Certificate[0]));
            }
            if (clientKeys != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(clientKeys, password);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for the SIEM: " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(Path file) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        String head = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        if (!head.contains("-----BEGIN CERTIFICATE-----")) {
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, new char[0]); // a PKCS12 trust store without a password
            }
            return ks;
        }
        ks.load(null, null);
        int i = 0;
        for (Certificate c : certificates(file)) {
            ks.setCertificateEntry("ca" + i++, c);
        }
        return ks;
    }

    private static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> certs = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(file + ": no certificate in it");
            }
            return certs;
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(file + ": expected an unencrypted PKCS#8 key (BEGIN PRIVATE KEY);"
                    + " convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(file + ": not an RSA, EC or EdDSA private key");
    }
}
