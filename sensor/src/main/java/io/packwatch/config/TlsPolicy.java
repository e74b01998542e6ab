package io.packwatch.config;

import java.util.List;
import javax.net.ssl.SSLParameters;

/**
 * The TLS the sensor speaks, receiving syslog and forwarding to the SIEM alike: TLS 1.3 and 1.2 only, and on 1.2
 * only ECDHE key exchange with AEAD ciphers (GCM, ChaCha20-Poly1305), so every session is forward-secret and no
 * CBC/MAC-then-encrypt, RSA key transport, 3DES, RC4 or export suite can be negotiated.
 */
public final class TlsPolicy {
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    public static final List<String> CIPHERS = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {
    }

    /** Restricts {@code p} to the policy's protocols and to those of its suites that {@code supported} has. */
    public static SSLParameters apply(SSLParameters p, String[] supported) {
        List<String> have = List.of(supported);
        p.setProtocols(PROTOCOLS.clone());
        p.setCipherSuites(CIPHERS.stream().filter(have::contains).toArray(String[]::new));
        return p;
    }
}
