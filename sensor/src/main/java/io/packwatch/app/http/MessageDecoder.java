package io.packwatch.app.http;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** A netty HTTP decoder fed directly: what it reads from {@code in} it adds to {@code out} as HttpObjects. */
interface MessageDecoder {
    void feed(ByteBuf in, List<Object> out) throws Exception;

    /** Back to expecting a message start (netty applies it on the next feed). */
    void reset();
}
