package io.packwatch.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The "attacker's" HTTP server of the live tests: on 127.0.0.2 (outbound from the sensor's point
 * of view, which keeps 127.0.0.1 as the home host), it reads every upload and answers "ok".
 */
public final class ExfilServer implements AutoCloseable {
    private final HttpServer server;

    private ExfilServer(HttpServer server) {
        this.server = server;
    }

    public static ExfilServer start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        s.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(200, 2);
            x.getResponseBody().write("ok".getBytes());
            x.close();
        });
        s.start();
        return new ExfilServer(s);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A loopback TCP port free at the time of the call (nothing listens on it afterwards). */
    public static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
