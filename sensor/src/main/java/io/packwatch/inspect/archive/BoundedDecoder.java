package io.packwatch.inspect.archive;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.packwatch.inspect.format.ByteSource;
import io.packwatch.inspect.format.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.snappy.FramedSnappyCompressorInputStream;
import org.apache.commons.compress.compressors.z.ZCompressorInputStream;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2InputStream;
import org.tukaani.xz.LZMAInputStream;

/**
 * Decodes the start of one compressed stream into a caller's buffer, up to a limit it counts
 * itself: the libraries' memory limits bound their tables, not their output, so they do not stop
 * a decompression bomb. gzip and zlib go through the JDK's Inflater; the others through Commons
 * Compress, xz's LZMA decoders and zstd-jni. LZMA dictionaries are sized to the output limit, not
 * to the header's claim: a decoder never looks further back than what it has produced.
 * One per worker; not thread-safe.
 */
public final class BoundedDecoder {
    /** Largest zstd window (log2) the native decoder may allocate; larger frames are not decoded. */
    static final int ZSTD_WINDOW_LOG_MAX = 23;
    /** Memory limit for Unix compress's string table, KiB. */
    private static final int Z_MEMORY_KIB = 1 << 17;

    private final Inflater raw = new Inflater(true);
    private final Inflater zlib = new Inflater(false);
    private final ArrayCache cache = new BasicArrayCache();
    private final ByteSource source = new ByteSource(new byte[0], 0, 0);

    /** Whether {@link #decode} handles this format. */
    public static boolean decodes(String format) {
        return switch (format) {
            case "gzip", "zlib", "bzip2", "xz", "lzma", "zstd", "lz4", "compress", "snappy" -> true;
            default -> false;
        };
    }

    /**
     * Decodes the stream of {@code format} starting at {@code in[off]} (input ends at {@code end},
     * perhaps mid-stream) into {@code out[0, limit)}. Never throws on bad input.
     *
     * @param inputComplete the input is all there is: Unix compress and framed snappy have no end
     *     marker, so only then does their input's end finish them
     */
    public Decoded decode(String format, byte[] in, int off, int end, byte[] out, int limit, boolean inputComplete) {
        try {
            return switch (format) {
                case "gzip" -> gzip(in, off, end, out, limit);
                case "zlib" -> inflate(zlib, in, off, end, out, 0, limit, 0);
                case "bzip2" -> stream(in, off, end, out, limit, true, s -> new BZip2CompressorInputStream(s, true));
                case "xz" -> xz(in, off, end, out, limit);
                case "lzma" -> lzma(in, off, end, out, limit);
                case "zstd" -> stream(in, off, end, out, limit, true, s -> {
                    ZstdInputStreamNoFinalizer z = new ZstdInputStreamNoFinalizer(s);
                    z.setLongMax(ZSTD_WINDOW_LOG_MAX);
                    return z;
                });
                case "lz4" -> stream(in, off, end, out, limit, true, FramedLZ4CompressorInputStream::new);
                case "compress" -> stream(in, off, end, out, limit, inputComplete,
                        s -> new ZCompressorInputStream(s, Z_MEMORY_KIB));
                case "snappy" -> stream(in, off, end, out, limit, inputComplete, FramedSnappyCompressorInputStream::new);
                default -> new Decoded(0, 0, false, false, "not a compression format: " + format);
            };
        } catch (IOException | RuntimeException e) {
            return new Decoded(0, 0, false, false, "cannot decode: " + e.getMessage());
        }
    }

    /** Every gzip member in the input, one after another, as gzip(1) does. */
    private Decoded gzip(byte[] in, int off, int end, byte[] out, int limit) {
        int pos = off;
        int n = 0;
        long consumed = 0;
        while (true) {
            int data = Headers.gzipDataStart(in, pos, end);
            if (data < 0) {
                return new Decoded(n, consumed, false, false, pos >= end - 10 ? "input ends" : "bad gzip header");
            }
            Decoded d = inflate(raw, in, data, end, out, n, limit, consumed + (data - pos));
            if (!d.finished()) {
                return d;
            }
            n = d.length();
            int next = data + (int) (d.consumed() - consumed - (data - pos)) + 8; // CRC-32 and ISIZE trailer
            consumed = next - off;
            if (next + 2 > end || (in[next] & 0xFF) != 0x1F || (in[next + 1] & 0xFF) != 0x8B) {
                return new Decoded(n, Math.min(consumed, end - off), next <= end, false, next <= end ? null : "input ends");
            }
            pos = next;
        }
    }

    /**
     * Inflates from {@code in[off, end)} into {@code out[start, limit)}; {@code before} is input
     * already consumed by earlier members and headers, added to the count reported.
     */
    private static Decoded inflate(Inflater inf, byte[] in, int off, int end, byte[] out, int start, int limit,
                                   long before) {
        inf.reset();
        try {
            inf.setInput(in, off, Math.max(0, end - off));
            int n = start;
            while (true) {
                if (n >= limit) {
                    boolean more = !inf.finished();
                    return new Decoded(n, before + inf.getBytesRead(), !more, more, null);
                }
                int k = inf.inflate(out, n, limit - n);
                n += k;
                if (inf.finished()) {
                    return new Decoded(n, before + inf.getBytesRead(), true, false, null);
                }
                if (inf.needsDictionary()) {
                    return new Decoded(n, before + inf.getBytesRead(), false, false, "needs a preset dictionary");
                }
                if (k == 0 && inf.needsInput()) {
                    return new Decoded(n, before + inf.getBytesRead(), false, false, "input ends");
                }
            }
        } catch (DataFormatException e) {
            return new Decoded(start, before + inf.getBytesRead(), false, false, "bad deflate data: " + e.getMessage());
        } finally {
            inf.reset(); // drop the reference to the caller's buffer
        }
    }

    private Decoded xz(byte[] in, int off, int end, byte[] out, int limit) throws IOException {
        // stream header (12 bytes, checked by the validator) then the first block's header
        int data = Headers.xzBlockData(in, off + 12, end);
        if (data < 0) {
            return new Decoded(0, 0, false, false, end - off < 64 ? "input ends" : "bad xz block header");
        }
        int dict = dictionaryFor(limit);
        Decoded d = stream(in, data, end, out, limit, true, s -> new LZMA2InputStream(s, dict));
        // only the first block is decoded: enough for a prefix, as blocks are megabytes
        return new Decoded(d.length(), d.consumed() + (data - off), false, d.limitHit() || d.finished(),
                d.finished() ? null : d.error());
    }

    private Decoded lzma(byte[] in, int off, int end, byte[] out, int limit) throws IOException {
        if (end - off < 13) {
            return new Decoded(0, 0, false, false, "input ends");
        }
        byte props = in[off];
        long size = 0;
        for (int i = 7; i >= 0; i--) {
            size = size << 8 | (in[off + 5 + i] & 0xFF);
        }
        long declared = size;
        int dict = dictionaryFor(limit);
        Decoded d = stream(in, off + 13, end, out, limit, true,
                s -> new LZMAInputStream(s, declared, props, dict, null, cache));
        return new Decoded(d.length(), d.consumed() + 13, d.finished(), d.limitHit(), d.error());
    }

    /** An LZMA dictionary large enough for {@code limit} bytes of output (the decoders want at least 4 KiB). */
    private static int dictionaryFor(int limit) {
        return Math.max(4096, limit);
    }

    private interface Opener {
        InputStream open(InputStream in) throws IOException;
    }

    /**
     * Reads a library decoder until the limit, the end of its stream, or an error. A decoder that
     * ends cleanly has seen its stream's end when {@code endIsFinal}: its format marks the end (a
     * truncated stream makes it throw), or the input is all there is.
     */
    private Decoded stream(byte[] in, int off, int end, byte[] out, int limit, boolean endIsFinal, Opener opener) {
        ByteSource src = source.reset(in, off, end);
        int n = 0;
        try (InputStream dec = opener.open(src)) {
            while (n < limit) {
                int k = dec.read(out, n, limit - n);
                if (k < 0) {
                    boolean finished = endIsFinal || !src.hitEnd();
                    return new Decoded(n, src.consumed(), finished, false, finished ? null : "input ends");
                }
                n += k;
            }
            return new Decoded(n, src.consumed(), false, true, null);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // OutOfMemoryError: a header asked a decoder for more than the heap has; the stream is lost, not the sensor
            String why = src.hitEnd() ? "input ends" : String.valueOf(e.getMessage());
            return new Decoded(n, src.consumed(), false, false, why);
        } finally {
            source.reset(null, 0, 0);
        }
    }
}
