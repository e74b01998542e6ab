package io.packwatch.output.siem;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A syslog receiver for tests on 127.0.0.1: TCP or TLS, octet-counting or LF framing, one thread per
 * connection. It can drop a connection after a number of messages (a SIEM restarting mid-stream) and
 * stop reading (a SIEM that cannot keep up). On end-of-stream it closes its side, as rsyslog does.
 */
final class SyslogCollector implements AutoCloseable {
    private final ServerSocket server;
    private final Framing framing;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile int dropAfter = -1;
    private volatile boolean paused;
    private volatile int connections;

    private SyslogCollector(ServerSocket server, Framing framing) {
        this.server = server;
        this.framing = framing;
        Thread t = new Thread(this::acceptLoop, "collector-accept");
        t.setDaemon(true);
        t.start();
    }

    static SyslogCollector tcp(int port, Framing framing) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new SyslogCollector(s, framing);
    }

    static SyslogCollector tls(int port, SSLContext ctx, boolean needClientAuth) throws IOException {
        SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
        s.setReuseAddress(true);
        s.setNeedClientAuth(needClientAuth);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new SyslogCollector(s, Framing.OCTET_COUNTING);
    }

    /** A port nothing listens on right now (bound and released). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** Closes the next connection abruptly once it has delivered {@code n} messages in all. */
    void dropConnectionAfter(int n) {
        dropAfter = n;
    }

    void pause(boolean p) {
        paused = p;
    }

    int connections() {
        return connections;
    }

    List<String> messages() {
        return new ArrayList<>(messages);
    }

    List<String> errors() {
        return new ArrayList<>(errors);
    }

    /** Waits until at least {@code n} messages arrived; returns them all. */
    List<String> await(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (messages.size() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        return messages();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections++;
                sockets.add(s);
                Thread t = new Thread(() -> read(s), "collector-read");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream())) {
            while (true) {
                while (paused) {
                    Thread.sleep(5);
                }
                String m = framing == Framing.OCTET_COUNTING ? readCounted(in) : readLine(in);
                if (m == null) {
                    return; // end of stream: close our side too
                }
                messages.add(m);
                if (dropAfter >= 0 && messages.size() >= dropAfter) {
                    dropAfter = -1;
                    s.setSoLinger(true, 0); // RST: what the sender wrote after this is gone
                    return;
                }
            }
        } catch (IOException e) {
            if (!server.isClosed()) {
                errors.add(e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** RFC 6587 octet counting: MSG-LEN SP SYSLOG-MSG. */
    private String readCounted(InputStream in) throws IOException {
        int len = 0;
        int digits = 0;
        int c;
        while ((c = in.read()) != ' ') {
            if (c < 0 && digits == 0) {
                return null;
            }
            if (c < '0' || c > '9' || ++digits > 7) {
                throw new IOException("bad octet count byte " + c);
            }
            len = len * 10 + (c - '0');
        }
        byte[] msg = in.readNBytes(len);
        if (msg.length != len) {
            throw new IOException("stream ended inside a message");
        }
        return new String(msg, StandardCharsets.UTF_8);
    }

    private String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                return null;
            }
            line.write(c);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
