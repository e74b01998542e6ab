package io.packwatch.output.siem;

import io.packwatch.config.TlsPolicy;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens connections to one target: resolves the name on every attempt (so a SIEM that moved is
 * found again), bounds the TCP connect and the TLS handshake by {@code siem.connect_timeout}, and
 * for TLS offers only the {@link TlsPolicy} protocols and suites and verifies the server's name against its certificate.
 */
final class Connector {
    private final SiemTarget target;
    private final int connectTimeoutMillis;
    private final SSLContext tls;

    Connector(SiemTarget target, int connectTimeoutMillis, SSLContext tls) {
        this.target = target;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.tls = tls;
    }

    Connection open() throws IOException {
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve " + target.host());
        }
        if (target.transport() == SiemTarget.Transport.UDP) {
            DatagramSocket udp = new DatagramSocket();
            udp.connect(address);
            return new UdpConnection(udp);
        }
        Socket raw = new Socket();
        Socket socket = raw;
        try {
            raw.connect(address, connectTimeoutMillis);
            raw.setTcpNoDelay(true);
            raw.setKeepAlive(true);
            if (target.transport() == SiemTarget.Transport.TLS) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(raw, target.host(), target.port(), true);
                SSLParameters params = TlsPolicy.apply(ssl.getSSLParameters(), ssl.getSupportedCipherSuites());
                params.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(params);
                ssl.setSoTimeout(connectTimeoutMillis);
                ssl.startHandshake();
                socket = ssl;
            }
            return new StreamConnection(socket, raw, target.framing());
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
