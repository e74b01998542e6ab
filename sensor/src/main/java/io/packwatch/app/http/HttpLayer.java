package io.packwatch.app.http;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.packwatch.app.DirectionParser;
import io.packwatch.app.websocket.WebSocketLayer;
import io.packwatch.decode.Memcap;
import io.packwatch.flow.Flow;
import io.packwatch.inspect.ObjectOpener;
import io.packwatch.stats.Counters;

/** The HTTP stage of one flow worker: its config, its counters, and parsers for the flows it owns. */
public final class HttpLayer {
    private final HttpConfig config;
    private final HttpCounters counters;
    private final HttpDecoderConfig decoderConfig;
    private final Memcap memory;
    private final WebSocketLayer webSockets;

    /** A layer whose parsers may hold any amount of memory: for tests and benchmarks. */
    public HttpLayer(HttpConfig config, Counters counters) {
        this(config, Long.MAX_VALUE, counters);
    }

    /**
     * @param memcap bytes all of this worker's HTTP parsers may hold at once (their buffers and unfinished message
     *     heads); a parser that would pass it hands the rest of its direction to a raw stream object
     */
    public HttpLayer(HttpConfig config, long memcap, Counters counters) {
        this.config = config;
        this.counters = new HttpCounters(counters);
        this.memory = new Memcap(memcap, counters.counter("http.memcap_hits"),
                counters.counter("http.memory_peak_bytes"));
        // Inflaters have a budget of their own: connections that hold them open must not leave HTTP parsers without one.
        this.webSockets = config.webSocket() ? new WebSocketLayer(config,
                new Memcap(config.webSocketMemcap(), counters.counter("websocket.memcap_hits"),
                        counters.counter("websocket.memory_peak_bytes")), counters) : null;
        // A passive sensor must read what real peers accept: bare LF line ends, generous but bounded sizes.
        this.decoderConfig = new HttpDecoderConfig()
                .setStrictLineParsing(false)
                .setMaxInitialLineLength(config.maxInitialLine())
                .setMaxHeaderSize(config.maxHeaderBytes())
                .setMaxChunkSize(HttpConfig.READ_PIECE)
                .setChunkedSupported(true)
                .setAllowPartialChunks(true)
                .setValidateHeaders(false)
                .setAllowDuplicateContentLengths(true);
        warmUp();
    }

    /**
     * Loads netty's HTTP classes now, at start-up, rather than on the first HTTP packet of a live capture, where
     * the delay would back packets up in the capture buffer.
     */
    private void warmUp() {
        java.util.List<Object> out = new java.util.ArrayList<>();
        byte[] request = "POST / HTTP/1.1\r\nHost: warm.up\r\nContent-Length: 1\r\n\r\nx"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        io.netty.buffer.ByteBuf in = io.netty.buffer.Unpooled.wrappedBuffer(request);
        try {
            PassiveRequestDecoder d = new PassiveRequestDecoder(decoderConfig, counters);
            while (in.isReadable()) {
                int before = in.readableBytes();
                d.feed(in, out);
                if (in.readableBytes() == before) {
                    break;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("netty's HTTP decoder failed on a plain request", e);
        } finally {
            out.forEach(io.netty.util.ReferenceCountUtil::release);
            in.release();
        }
    }

    public HttpConfig config() {
        return config;
    }

    public HttpConversation conversation(Flow flow, ObjectOpener inspection) {
        return new HttpConversation(flow, inspection, config, counters, webSockets);
    }

    /** The parser of one direction: requests for {@link Flow#FROM_CLIENT}, responses for the other. */
    public DirectionParser direction(HttpConversation conversation, int direction) {
        return new HttpDirection(conversation, direction, decoderConfig, memory);
    }
}
