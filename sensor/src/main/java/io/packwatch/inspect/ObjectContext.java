package io.packwatch.inspect;

/**
 * What the application layer knows about an object before its bytes are inspected. A raw stream
 * direction has only its kind; an HTTP body or multipart part carries the message's fields. Any
 * field may be null when the protocol did not say.
 *
 * @param kind {@code stream} (one direction of a TCP flow), {@code datagrams} (one direction of a UDP flow, its
 *     payloads end to end), {@code tftp} (the file a TFTP transfer carried), {@code http_body}, {@code http_part}
 *     (one part of a multipart body), {@code websocket} (one WebSocket message; the request fields are the
 *     upgrade request's)
 * @param layer for HTTP: {@code wire} (the body as sent, Content-Encoding applied) or
 *     {@code decoded} (after undoing Content-Encoding); for WebSocket: {@code wire} (unmasked) or
 *     {@code decoded} (permessage-deflate undone); null otherwise
 * @param method HTTP request method
 * @param host HTTP Host header
 * @param uri request target as sent
 * @param userAgent User-Agent header
 * @param contentType Content-Type of the body or part
 * @param contentEncoding Content-Encoding of the message, as sent (e.g. {@code gzip}, {@code gzip, br})
 * @param statusCode response status, 0 for requests
 * @param request true for a request body, false for a response body
 * @param fileName multipart filename or Content-Disposition filename
 * @param forwardedFor X-Forwarded-For header
 * @param serverName TLS SNI of the flow
 * @param tls what the TLS handshake of the flow said (version, cipher, ALPN); null for non-TLS objects
 */
public record ObjectContext(String kind, String layer, String method, String host, String uri, String userAgent,
                            String contentType, String contentEncoding, int statusCode, boolean request,
                            String fileName, String forwardedFor, String serverName, TlsFacts tls) {

    /** A direction of a TCP stream inspected as one object. */
    public static final ObjectContext STREAM = withKindOnly("stream");

    /** One direction of a UDP flow, its payloads end to end. */
    public static final ObjectContext DATAGRAMS = withKindOnly("datagrams");

    /** The file one TFTP transfer carried in one direction, its DATA blocks' payloads in order. */
    public static final ObjectContext TFTP = withKindOnly("tftp");

    public ObjectContext(String kind, String layer, String method, String host, String uri, String userAgent,
                         String contentType, String contentEncoding, int statusCode, boolean request,
                         String fileName, String forwardedFor, String serverName) {
        this(kind, layer, method, host, uri, userAgent, contentType, contentEncoding, statusCode, request, fileName,
                forwardedFor, serverName, null);
    }

    /**
     * What a TLS handshake said, ECS-named: {@code tls.version} ("1.3"), {@code tls.cipher}, {@code tls.next_protocol}
     * (the ALPN protocol the server chose). Any field may be null.
     */
    public record TlsFacts(String version, String cipher, String nextProtocol) {
    }

    /** What a transport-level object knows: its kind, nothing an application protocol said. */
    private static ObjectContext withKindOnly(String kind) {
        return new ObjectContext(kind, null, null, null, null, null, null, null, 0, false, null, null, null, null);
    }

    public boolean isStream() {
        return "stream".equals(kind);
    }

    /**
     * Whether only structure counts (a format found, or compressed data whose structure confirmed it), never the
     * statistics alone: UDP payloads are random by design in QUIC, DTLS, WireGuard and SRTP, which the statistics
     * cannot tell from encrypted data being smuggled out.
     */
    public boolean judgedByStructure() {
        return "datagrams".equals(kind);
    }
}
