package io.packwatch.output.siem;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;

/** Syslog over UDP (RFC 5426): one message per datagram, no framing, no delivery guarantee. */
final class UdpConnection implements Connection {
    private final DatagramSocket socket;

    UdpConnection(DatagramSocket socket) {
        this.socket = socket;
    }

    @Override
    public void send(byte[] message) throws IOException {
        socket.send(new DatagramPacket(message, message.length));
    }

    @Override
    public void flush() {
    }

    @Override
    public boolean peerClosed() {
        return false;
    }

    @Override
    public boolean finish(long timeoutMillis) {
        close();
        return true;
    }

    @Override
    public void close() {
        socket.close();
    }
}
