package io.packwatch.app.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import java.util.List;

/**
 * netty's response decoder, driven directly, that knows which request each response answers: a response to
 * HEAD, or a 2xx to CONNECT, has no body whatever its headers say.
 */
final class PassiveResponseDecoder extends HttpResponseDecoder implements MessageDecoder {
    private final HttpConversation conversation;

    PassiveResponseDecoder(HttpDecoderConfig config, HttpConversation conversation) {
        super(config);
        this.conversation = conversation;
    }

    @Override
    public void feed(ByteBuf in, List<Object> out) throws Exception {
        decode(null, in, out);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        RequestInfo request = conversation.peek();
        if (request.isHead()) {
            return true;
        }
        if (request.isConnect() && msg instanceof HttpResponse r && r.status().code() / 100 == 2) {
            return true;
        }
        return super.isContentAlwaysEmpty(msg);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        conversation.counters.chunkedWithLength.inc();
        // netty rejects the message (RFC 9112 lets a server do so); a sensor must read it as the server will.
        clearContentLength();
    }
}
