package io.packwatch.app.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.util.List;

/** netty's request decoder, driven directly (no channel) from reassembled bytes. */
final class PassiveRequestDecoder extends HttpRequestDecoder implements MessageDecoder {
    private final HttpCounters counters;

    PassiveRequestDecoder(HttpDecoderConfig config, HttpCounters counters) {
        super(config);
        this.counters = counters;
    }

    @Override
    public void feed(ByteBuf in, List<Object> out) throws Exception {
        decode(null, in, out);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        // Both framings: a smuggling classic. Chunked wins (RFC 9112 6.3), as on the servers we protect.
        counters.chunkedWithLength.inc();
        // netty rejects the message (RFC 9112 lets a server do so); a sensor must read it as the server will.
        clearContentLength();
    }
}
