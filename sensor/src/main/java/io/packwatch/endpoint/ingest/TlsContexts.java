package io.packwatch.endpoint.ingest;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.packwatch.config.ConfigException;
import io.packwatch.config.TlsPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * The server side of RFC 5425 syslog over TLS, on the JDK's TLS, with the sensor's {@link TlsPolicy} (TLS 1.3 and
 * 1.2, forward-secret AEAD suites only); and with {@code endpoint.tls.client_ca} set, a client certificate that chains to
 * one of those CAs is required.
 */
final class TlsContexts {

    private TlsContexts() {
    }

    static SslContext server(Path cert, Path key, Path clientCa) {
        readable("endpoint.tls.cert", cert);
        readable("endpoint.tls.key", key);
        SslContextBuilder b;
        try {
            b = SslContextBuilder.forServer(cert.toFile(), key.toFile());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("endpoint.tls.cert/endpoint.tls.key: cannot use " + cert + " and " + key + ": "
                    + rootMessage(e) + " (the certificate must be PEM, the key PEM PKCS#8 'BEGIN PRIVATE KEY';"
                    + " convert a key with 'openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem')");
        }
        b.sslProvider(SslProvider.JDK)
                .protocols(TlsPolicy.PROTOCOLS)
                .ciphers(TlsPolicy.CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
        if (clientCa != null) {
            readable("endpoint.tls.client_ca", clientCa);
            b.trustManager(clientCa.toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        try {
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("endpoint.tls: cannot set up TLS with " + cert + ", " + key
                    + (clientCa != null ? ", " + clientCa : "") + ": " + rootMessage(e));
        }
    }

    private static void readable(String key, Path p) {
        if (!Files.isReadable(p)) {
            throw new ConfigException(key + ": cannot read " + p + (Files.exists(p) ? " (permission denied)" : " (no such file)"));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
