package io.packwatch.endpoint.ingest;

import io.packwatch.config.ConfigException;
import io.packwatch.config.Settings;
import io.packwatch.decode.CidrSet;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code endpoint.*} receiver settings.
 *
 * @param tlsCert PEM certificate chain (server certificate first), or null without TLS
 * @param tlsKey PEM PKCS#8 private key, unencrypted ({@code BEGIN PRIVATE KEY}), or null
 * @param tlsClientCa PEM bundle of CAs whose client certificates are accepted; null = no client certificates asked
 */
public record IngestConfig(List<ListenSpec> listen, CidrSet allowSenders, int maxMessageBytes, int queueMessages,
                           long queueMemory, int ioThreads, int udpReceiveBuffer, long tcpIdleTimeoutNanos,
                           int tcpMaxConnections, Path tlsCert, Path tlsKey, Path tlsClientCa,
                           long tlsHandshakeTimeoutNanos) {

    /** UDP datagrams cannot be longer; the receive buffer of each read is this large. */
    static final int MAX_DATAGRAM = 65535;

    public static IngestConfig from(Settings s) {
        List<ListenSpec> listen;
        try {
            listen = ListenSpec.parseAll(s.strings("endpoint.listen"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("endpoint.listen: " + e.getMessage());
        }
        long max = s.bytes("endpoint.max_message_bytes");
        if (max < 480 || max > 64L << 20) {
            throw new ConfigException("endpoint.max_message_bytes: must be from 480 B (RFC 5426) to 64 MiB, got " + max);
        }
        if (s.bytes("endpoint.queue_memory") < max) {
            throw new ConfigException("endpoint.queue_memory: must hold at least one message of endpoint.max_message_bytes ("
                    + max + " B), got " + s.bytes("endpoint.queue_memory"));
        }
        int queue = s.integer("endpoint.queue");
        if (queue < 1) {
            throw new ConfigException("endpoint.queue: must be at least 1");
        }
        IngestConfig c = new IngestConfig(listen, CidrSet.parse(s.strings("endpoint.allow_senders")), (int) max, queue,
                s.bytes("endpoint.queue_memory"), Math.max(1, s.integer("endpoint.io_threads")),
                (int) Math.min(Integer.MAX_VALUE, s.bytes("endpoint.udp.receive_buffer")),
                s.nanos("endpoint.tcp.idle_timeout"), s.integer("endpoint.tcp.max_connections"),
                path(s, "endpoint.tls.cert"), path(s, "endpoint.tls.key"), path(s, "endpoint.tls.client_ca"),
                s.nanos("endpoint.tls.handshake_timeout"));
        if (c.listen.stream().anyMatch(l -> l.transport() == Transport.TLS) && (c.tlsCert == null || c.tlsKey == null)) {
            throw new ConfigException("endpoint.listen has a tls:// address, so set endpoint.tls.cert and endpoint.tls.key"
                    + " (PEM certificate chain and PKCS#8 PEM private key)");
        }
        return c;
    }

    private static Path path(Settings s, String key) {
        String v = s.string(key);
        return v.isBlank() ? null : Path.of(v);
    }
}
