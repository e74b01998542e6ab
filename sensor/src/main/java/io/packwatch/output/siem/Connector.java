package io.packwatch.output.siem;

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
 * for TLS offers 1.3 and 1.2 only and verifies the server's name against its certificate.
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
        Socket socket = new Socket();
        try {
            socket.connect(address, connectTimeoutMillis);
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            if (target.transport() == SiemTarget.Transport.TLS) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, target.host(), target.port(), true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                ssl.setSSLParameters(params);
                ssl.setSoTimeout(connectTimeoutMillis);
                ssl.startHandshake();
                socket = ssl;
            }
            return new StreamConnection(socket, target.framing());
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
