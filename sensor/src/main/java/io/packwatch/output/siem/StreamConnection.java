package io.packwatch.output.siem;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A TCP or TLS connection carrying framed syslog messages. */
final class StreamConnection implements Connection {
    private final Socket socket;
    private final Socket raw;
    private final Framing framing;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] scratch = new byte[512];

    /**
     * @param socket the socket messages go through (an SSLSocket for TLS)
     * @param raw the TCP socket under it (the same for plain TCP)
     */
    StreamConnection(Socket socket, Socket raw, Framing framing) throws IOException {
        this.socket = socket;
        this.raw = raw;
        this.framing = framing;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        this.in = socket.getInputStream();
    }

    @Override
    public void send(byte[] message) throws IOException {
        out.write(framing.prefix(message.length));
        out.write(message);
        out.write(framing.suffix());
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public boolean peerClosed() {
        try {
            socket.setSoTimeout(1);
            return in.read(scratch) < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public boolean finish(long timeoutMillis) {
        try {
            out.flush();
            socket.shutdownOutput();
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
                if (in.read(scratch) < 0) {
                    return true;
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        } finally {
            close();
        }
    }

    /**
     * Closes the TCP socket first: a TLS close would wait for the lock of a write blocked on a receiver
     * that stopped reading, while closing the file descriptor makes that write fail at once.
     */
    @Override
    public void close() {
        try {
            raw.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException e) {
            // already closed underneath
        }
    }
}
