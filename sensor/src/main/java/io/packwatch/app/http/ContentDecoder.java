package io.packwatch.app.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.Brotli;
import io.netty.handler.codec.compression.BrotliDecoder;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.codec.compression.ZstdDecoder;
import io.netty.util.ReferenceCountUtil;
import io.packwatch.inspect.ObjectContext;
import io.packwatch.inspect.ObjectSink;
import java.util.List;

/**
 * Undoes a body's Content-Encoding layers as the bytes arrive (gzip, deflate, br, zstd; stacked in any order)
 * with netty's decoders, each in an EmbeddedChannel, and writes the decoded bytes on. Input goes in small
 * slices so that one slice can only expand so far; decoding stops, and the decoded object is marked truncated,
 * past {@code http.max_decoded_bytes} or {@code http.max_decode_ratio} (a decompression bomb), or at corrupt data.
 */
final class ContentDecoder implements ObjectSink {
    private final EmbeddedChannel[] layers;
    private final ObjectSink downstream;
    private final HttpConfig config;
    private final HttpCounters counters;
    private long in;
    private long decoded;
    private boolean stopped;

    /** {@code codings} as listed in the header, in the order they were applied; they are undone last first. */
    ContentDecoder(List<String> codings, ObjectSink downstream, HttpConfig config, HttpCounters counters) {
        this.downstream = downstream;
        this.config = config;
        this.counters = counters;
        this.layers = new EmbeddedChannel[codings.size()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new EmbeddedChannel(decoderFor(codings.get(codings.size() - 1 - i)));
        }
    }

    /** Whether this platform decodes {@code coding} (brotli needs brotli4j's native library). */
    static boolean supported(String coding) {
        return switch (coding) {
            case "gzip", "x-gzip", "deflate", "zstd" -> true;
            case "br" -> Brotli.isAvailable();
            default -> false;
        };
    }

    private static io.netty.channel.ChannelHandler decoderFor(String coding) {
        return switch (coding) {
            case "gzip", "x-gzip" -> new JdkZlibDecoder(ZlibWrapper.GZIP, true);
            case "deflate" -> new JdkZlibDecoder(ZlibWrapper.ZLIB_OR_NONE);
            case "br" -> new BrotliDecoder();
            case "zstd" -> new ZstdDecoder();
            default -> throw new IllegalArgumentException("no decoder for " + coding);
        };
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0 && !stopped) {
            int k = Math.min(len, HttpConfig.DECODE_SLICE);
            in += k;
            push(0, Unpooled.copiedBuffer(b, off, k));
            off += k;
            len -= k;
        }
    }

    /** Feeds {@code buf} (ownership passes) to layer {@code i} and everything it yields onward. */
    private void push(int i, ByteBuf buf) {
        if (stopped) {
            buf.release();
            return;
        }
        EmbeddedChannel ch = layers[i];
        try {
            ch.writeInbound(buf);
        } catch (RuntimeException | LinkageError e) {
            // corrupt data, or a native decoder missing on this platform: the decoded object ends here
            fail();
            return;
        }
        drain(i);
    }

    private void drain(int i) {
        EmbeddedChannel ch = layers[i];
        for (Object o; (o = ch.readInbound()) != null; ) {
            ByteBuf out = (ByteBuf) o;
            if (stopped) {
                out.release();
                continue;
            }
            if (i + 1 < layers.length) {
                push(i + 1, out);
            } else {
                emit(out);
            }
        }
    }

    private void emit(ByteBuf out) {
        try {
            int n = out.readableBytes();
            decoded += n;
            HttpConfig.DecodeLimit limit = config.exceeded(in, decoded);
            if (limit != null) {
                (limit == HttpConfig.DecodeLimit.RATIO ? counters.limitDecodeRatio : counters.limitDecodedBytes).inc();
                stop();
                return;
            }
            if (out.hasArray()) {
                downstream.write(out.array(), out.arrayOffset() + out.readerIndex(), n);
            } else {
                byte[] copy = new byte[n];
                out.getBytes(out.readerIndex(), copy);
                downstream.write(copy, 0, n);
            }
        } finally {
            out.release();
        }
    }

    private void fail() {
        counters.decodeErrors.inc();
        stop();
    }

    /** Decoding ends here: the decoded object has what came so far. */
    private void stop() {
        if (!stopped) {
            stopped = true;
            downstream.truncate();
            for (EmbeddedChannel ch : layers) {
                drop(ch);
            }
        }
    }

    private static void drop(EmbeddedChannel ch) {
        try {
            ch.finishAndReleaseAll();
        } catch (RuntimeException ignored) {
            // a decoder that fails while closing has nothing more to give
        }
    }

    @Override
    public void gap(long bytes) {
        // Compressed data cannot be decoded past a hole.
        downstream.gap(bytes);
        stop();
    }

    @Override
    public void truncate() {
        downstream.truncate();
        stop();
    }

    @Override
    public void amend(ObjectContext context) {
        downstream.amend(context);
    }

    @Override
    public void close(long endNanos) {
        if (!stopped) {
            for (int i = 0; i < layers.length && !stopped; i++) {
                try {
                    layers[i].finish();
                } catch (RuntimeException | LinkageError e) {
                    fail();
                    break;
                }
                drain(i);
            }
            for (EmbeddedChannel ch : layers) {
                drop(ch);
            }
            stopped = true;
        }
        downstream.close(endNanos);
    }
}
