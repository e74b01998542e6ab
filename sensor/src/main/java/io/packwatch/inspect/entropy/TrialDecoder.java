package io.packwatch.inspect.entropy;

import com.github.luben.zstd.ZstdDecompressCtx;
import io.packwatch.inspect.format.Bin;
import io.packwatch.inspect.format.ByteSource;
import io.packwatch.inspect.format.Bzip2BlockHeader;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMAInputStream;

/**
 * Trial decoding of bytes that may be the start of a compressed stream whose format header is missing (or was
 * never written): raw deflate, raw LZMA (xz's defaults lc=3 lp=0 pb=2), an LZMA2 chunk (an xz block's payload),
 * a bzip2 block, a zstd compressed block and an LZ4 frame block. Byte statistics cannot tell range-coded or
 * well-Huffman-coded output from ciphertext; a decoder can: random bytes break a format's rules within a few
 * bytes (an invalid block type, an over-subscribed code, a match distance before the start of the output),
 * while a real stream decodes. A success is therefore strong evidence of compressed data, where the statistics
 * are weak.
 *
 * <p>Work is bounded: each decoder stops after {@code budget} output bytes (a zstd block is decoded whole by the
 * native decoder, 128 KiB at most, and only after its headers passed the checks; a 128 KiB buffer and the
 * native context are kept for it once a block got that far). An attempt succeeds when the
 * decoder met no error and consumed at least {@value #MIN_INPUT} bytes of input (or the whole input, when
 * shorter), having produced {@code budget} bytes, reached the end of its stream or run out of input. The false
 * positive rate on random bytes is measured by {@code TrialDecoderTest}.
 *
 * <p>One per worker: the inflater, the scratch buffer and the input adapter are reused. Not thread-safe.
 */
public final class TrialDecoder {
    /** Default output bytes decoded per attempt. */
    public static final int DEFAULT_BUDGET = 4096;
    /** Input an attempt must consume without error, unless the input is shorter. */
    public static final int MIN_INPUT = 128;

    /**
     * The formats tried from the first byte, cheapest check first; and what {@link #resync} finds inside the
     * bytes: {@link #LZMA2_CHUNK}, an LZMA2 chunk header; {@link #XZ_INDEX}, the index and footer that end an xz
     * stream; {@link #DEFLATE_BLOCK}, a deflate block.
     */
    public enum Format {
        BZIP2, LZ4, ZSTD, LZMA, LZMA2, DEFLATE, LZMA2_CHUNK, XZ_INDEX, DEFLATE_BLOCK;

        /** Whether this was found inside the bytes by {@link #resync}, not decoded from their first byte. */
        public boolean foundInside() {
            return this == LZMA2_CHUNK || this == XZ_INDEX || this == DEFLATE_BLOCK;
        }
    }

    /** Default bytes searched for a deflate block start by {@link #resync}. */
    public static final int DEFAULT_RESYNC_SCAN = 16 * 1024;

    private static final ArrayCache CACHE = BasicArrayCache.getInstance();
    /** xz's and LZMA SDK's default lc=3, lp=0, pb=2. */
    private static final byte LZMA_DEFAULT_PROPS = (byte) 0x5D;
    private static final int LZMA_READ = 256;
    private static final int ZSTD_MAX_BLOCK = 128 * 1024;
    private static final int LZ4_MAX_BLOCK = 4 * 1024 * 1024;
    /**
     * A zstd frame header for a headerless block: magic, descriptor (no size, no checksum), 128 KiB window
     * (a first block refers to nothing before itself).
     */
    private static final byte[] ZSTD_FRAME = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0x00, 0x38};

    private final int budget;
    private final int resyncScan;
    private final DeflateBlockFinder blocks = new DeflateBlockFinder();
    private final XzIndexFinder xzEnds = new XzIndexFinder();
    private long resyncBytes;
    private final Inflater inflater = new Inflater(true);
    private final byte[] scratch;
    private final ByteSource source = new ByteSource(new byte[0], 0, 0);
    private byte[] zstdFrame = new byte[0];
    /** Created on the first zstd block that passes the header checks, then reused. */
    private ZstdDecompressCtx zstd;
    private byte[] zstdOut;

    private long attempts;
    private long bytesDecoded;
    private long budgetHits;

    /**
     * @param budget output bytes decoded per attempt (at least 256)
     * @param resyncScan bytes {@link #resync} searches for a block start (0: it finds nothing)
     */
    public TrialDecoder(int budget, int resyncScan) {
        if (budget < 256 || resyncScan < 0) {
            throw new IllegalArgumentException("budget >= 256 and resyncScan >= 0: " + budget + ", " + resyncScan);
        }
        this.budget = budget;
        this.resyncScan = resyncScan;
        this.scratch = new byte[Math.min(budget, 4096)];
    }

    public TrialDecoder() {
        this(DEFAULT_BUDGET, DEFAULT_RESYNC_SCAN);
    }

    /** The format {@code b[off, off + len)} decodes as from its first byte, or {@code null}. */
    public Format decode(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len < 16) {
            return null;
        }
        int end = off + len;
        if (bzip2(b, off, end)) {
            return Format.BZIP2;
        }
        if (lz4(b, off, end)) {
            return Format.LZ4;
        }
        if (zstd(b, off, end)) {
            return Format.ZSTD;
        }
        if (lzma(b, off, end, -1, LZMA_DEFAULT_PROPS)) {
            return Format.LZMA;
        }
        if (lzma2(b, off, end)) {
            return Format.LZMA2;
        }
        if (deflate(b, off, end)) {
            return Format.DEFLATE;
        }
        return null;
    }

    /**
     * For bytes cut from inside a stream, where {@link #decode} has no start to decode from:
     * <ul>
     *   <li>{@link Format#LZMA2_CHUNK} when an xz stream's chunk header is in {@code b[off, off + len)}
     *       ({@link Lzma2ChunkFinder}, one byte test per position);
     *   <li>else {@link Format#XZ_INDEX} when an xz stream ends there ({@link XzIndexFinder}: its index and
     *       footer, both CRC-checked);
     *   <li>else {@link Format#DEFLATE_BLOCK} when a dynamic deflate block starts at some bit of its first
     *       {@code resyncScan} bytes ({@link DeflateBlockFinder}: deflate blocks carry code tables that can be
     *       checked without what came before);
     *   <li>else {@code null}.
     * </ul>
     */
    public Format resync(byte[] b, int off, int len) {
        if (Lzma2ChunkFinder.find(b, off, len) >= 0) {
            return Format.LZMA2_CHUNK;
        }
        if (xzEnds.find(b, off, len) >= 0) {
            return Format.XZ_INDEX;
        }
        if (resyncScan == 0) {
            return null;
        }
        resyncBytes += Math.min(len, resyncScan);
        return blocks.find(b, off, len, resyncScan) >= 0 ? Format.DEFLATE_BLOCK : null;
    }

    /** Bytes searched for a deflate block by {@link #resync} so far. */
    public long resyncBytes() {
        return resyncBytes;
    }

    /** Decoder runs so far (one per format tried past its first cheap check). */
    public long attempts() {
        return attempts;
    }

    /** Output bytes decoded by all attempts so far. */
    public long bytesDecoded() {
        return bytesDecoded;
    }

    /** Attempts that stopped because they reached the budget. */
    public long budgetHits() {
        return budgetHits;
    }

    // ---------------------------------------------------------------- bzip2

    private static boolean bzip2(byte[] b, int p, int end) {
        if (end - p < 6 || b[p] != 0x31 || b[p + 1] != 0x41 || b[p + 2] != 0x59) {
            return false;
        }
        // no stream header, so no block size: the largest (level 9) bounds origPtr
        Bzip2BlockHeader.Result r = Bzip2BlockHeader.check(b, p, end, 9);
        return r.status() == Bzip2BlockHeader.Status.VALID
                || r.status() == Bzip2BlockHeader.Status.TRUNCATED && r.origPtr() >= 0;
    }

    // ---------------------------------------------------------------- LZ4 frame block

    /**
     * A compressed LZ4 frame block: its size word, then sequences (token, literal length, literals, offset,
     * match length). Every offset must be non-zero and reach no further back than the output so far; only
     * lengths are tracked, so no output is written.
     */
    private boolean lz4(byte[] b, int p, int end) {
        if (end - p < 8) {
            return false;
        }
        long size = Bin.u32le(b, p);
        if (size == 0 || size > LZ4_MAX_BLOCK) { // also rejects the uncompressed-block bit: raw bytes prove nothing
            return false;
        }
        attempts++;
        int start = p + 4;
        long blockEnd = start + size;
        int q = start;
        long out = 0;
        int matches = 0;
        boolean finished = false;
        while (true) {
            if (q >= end) {
                break; // input ran out
            }
            int token = b[q++] & 0xff;
            long lit = token >>> 4;
            if (lit == 15) {
                int v;
                do {
                    if (q >= end) {
                        return accepted(out, q - p, end - p, false, matches >= 2);
                    }
                    v = b[q++] & 0xff;
                    lit += v;
                } while (v == 255);
            }
            q += (int) Math.min(lit, Integer.MAX_VALUE - q);
            out += lit;
            if (q > blockEnd) {
                return false;
            }
            if (q == blockEnd) {
                finished = true; // the last sequence holds literals only
                break;
            }
            if (q + 2 > end) {
                break;
            }
            int offset = Bin.u16le(b, q);
            q += 2;
            if (offset == 0 || offset > out) {
                return false;
            }
            matches++;
            long ml = token & 15;
            if (ml == 15) {
                int v;
                do {
                    if (q >= end) {
                        return accepted(out, q - p, end - p, false, matches >= 2);
                    }
                    v = b[q++] & 0xff;
                    ml += v;
                } while (v == 255);
            }
            out += ml + 4;
            if (out >= budget) {
                break;
            }
        }
        return accepted(Math.min(out, budget), Math.min(q, end) - p, end - p, finished, matches >= 2);
    }

    // ---------------------------------------------------------------- zstd compressed block

    /**
     * A zstd compressed block (the first of a frame: its literals must carry their own Huffman table). The
     * block and literals section headers are checked by hand; when the whole block is in the input, the native
     * decoder decodes it behind a synthesized frame header.
     */
    private boolean zstd(byte[] b, int p, int end) {
        if (end - p < 8) {
            return false;
        }
        int bh = Bin.u8(b, p) | Bin.u8(b, p + 1) << 8 | Bin.u8(b, p + 2) << 16;
        int type = (bh >>> 1) & 3;
        int size = bh >>> 3;
        if (type != 2 || size < 4 || size > ZSTD_MAX_BLOCK) {
            return false;
        }
        int lit = p + 3;
        int h = Bin.u8(b, lit);
        int litType = h & 3;
        int sizeFormat = (h >>> 2) & 3;
        if (litType != 2) { // compressed literals with a Huffman description; raw/RLE literals prove nothing
            return false;
        }
        int headerLen = sizeFormat <= 1 ? 3 : sizeFormat == 2 ? 4 : 5;
        long hv = 0;
        for (int i = headerLen - 1; i >= 0; i--) {
            hv = hv << 8 | Bin.u8(b, lit + i);
        }
        int bits = sizeFormat <= 1 ? 10 : sizeFormat == 2 ? 14 : 18;
        long regenerated = (hv >>> 4) & ((1L << bits) - 1);
        long compressed = (hv >>> (4 + bits)) & ((1L << bits) - 1);
        boolean single = sizeFormat == 0;
        if (regenerated > ZSTD_MAX_BLOCK || compressed < 2 || compressed + headerLen > size
                || (!single && regenerated < 6) || compressed > regenerated + 128) {
            return false;
        }
        int tree = lit + headerLen;
        int th = Bin.u8(b, tree);
        if (th < 128) { // FSE-compressed weights: accuracy log at most 6
            if (th == 0 || th >= compressed || (Bin.u8(b, tree + 1) & 15) + 5 > 6) {
                return false;
            }
        } else if (!directWeights(b, tree + 1, end, th - 127)) {
            return false;
        }
        if (!single && !balancedStreams(b, tree + 1 + (th < 128 ? th : (th - 127 + 1) / 2), end,
                compressed - (tree - lit - headerLen) - 1 - (th < 128 ? th : (th - 127 + 1) / 2))) {
            return false;
        }
        attempts++;
        if (end - p < 3 + size) {
            // the native decoder needs the whole block: the header checks, with the four streams' jump table,
            // are all the evidence (a single stream has no jump table, so it is not enough)
            return !single && end - p >= MIN_INPUT;
        }
        int blockLen = 3 + size;
        if (zstdFrame.length < ZSTD_FRAME.length + blockLen) {
            zstdFrame = new byte[ZSTD_FRAME.length + blockLen];
        }
        System.arraycopy(ZSTD_FRAME, 0, zstdFrame, 0, ZSTD_FRAME.length);
        System.arraycopy(b, p, zstdFrame, ZSTD_FRAME.length, blockLen);
        zstdFrame[ZSTD_FRAME.length] |= 1; // the last block of the synthesized frame
        if (zstd == null) {
            zstd = new ZstdDecompressCtx();
            zstdOut = new byte[ZSTD_MAX_BLOCK];
        }
        int out;
        try {
            out = zstd.decompressByteArray(zstdOut, 0, zstdOut.length, zstdFrame, 0, ZSTD_FRAME.length + blockLen);
        } catch (RuntimeException e) {
            return false;
        }
        return accepted(out, blockLen, end - p, true, out > 0);
    }

    /**
     * The jump table of four Huffman streams: each stream codes a quarter of the literals with one table, so
     * the four sizes (three given, the last the rest) are close to one another.
     */
    private static boolean balancedStreams(byte[] b, int jt, int end, long rest) {
        if (jt + 6 > end) {
            return false;
        }
        long streams = rest - 6;
        long s1 = Bin.u16le(b, jt);
        long s2 = Bin.u16le(b, jt + 2);
        long s3 = Bin.u16le(b, jt + 4);
        long s4 = streams - s1 - s2 - s3;
        if (s1 == 0 || s2 == 0 || s3 == 0 || s4 <= 0) {
            return false;
        }
        long avg = streams / 4;
        long slack = avg / 4 + 8;
        return Math.abs(s1 - avg) <= slack && Math.abs(s2 - avg) <= slack && Math.abs(s3 - avg) <= slack
                && Math.abs(s4 - avg) <= slack;
    }

    /** Direct Huffman weights (4 bits each): the implied last weight must complete a full prefix code. */
    private static boolean directWeights(byte[] b, int p, int end, int count) {
        int bytes = (count + 1) / 2;
        if (end - p < bytes) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < count; i++) {
            int w = (Bin.u8(b, p + i / 2) >>> ((i & 1) == 0 ? 4 : 0)) & 15;
            if (w > 11) {
                return false;
            }
            if (w > 0) {
                sum += 1L << (w - 1);
            }
        }
        if (sum == 0) {
            return false;
        }
        long total = Long.highestOneBit(sum) << 1;
        long rest = total - sum;
        return Long.bitCount(rest) == 1 && 64 - Long.numberOfLeadingZeros(total) - 1 <= 11;
    }

    // ---------------------------------------------------------------- LZMA, LZMA2

    private boolean lzma(byte[] b, int p, int end, long uncompressed, byte props) {
        if (end - p < 6 || b[p] != 0) { // the range coder's first byte is always 0
            return false;
        }
        attempts++;
        source.reset(b, p, end);
        int dict = Math.max(4096, budget);
        long out = 0;
        boolean finished = false;
        try (InputStream in = new LZMAInputStream(source, uncompressed, props, dict, null, CACHE)) {
            while (out < budget) {
                // small reads: what a read decodes is lost when the input ends inside it
                int n = in.read(scratch, 0, (int) Math.min(LZMA_READ, budget - out));
                if (n < 0) {
                    finished = !source.hitEnd();
                    break;
                }
                out += n;
            }
        } catch (IOException | RuntimeException e) {
            if (!source.hitEnd()) {
                bytesDecoded += out;
                return false;
            }
        }
        return accepted(out, source.consumed(), end - p, finished, out > 0);
    }

    /**
     * The first LZMA2 chunk of an xz block: it must reset the dictionary and set properties (control byte
     * 0xE0..0xFF) with lc + lp at most 4; its LZMA data is then decoded as raw LZMA of the chunk's size.
     */
    private boolean lzma2(byte[] b, int p, int end) {
        if (end - p < 12) {
            return false;
        }
        int control = Bin.u8(b, p);
        int props = Bin.u8(b, p + 5);
        if (control < 0xE0 || props >= 9 * 5 * 5 || props % 9 + props / 9 % 5 > 4) {
            return false;
        }
        long unpacked = ((control & 0x1FL) << 16) + Bin.u16be(b, p + 1) + 1;
        return lzma(b, p + 6, end, unpacked, (byte) props);
    }

    // ---------------------------------------------------------------- deflate

    private boolean deflate(byte[] b, int p, int end) {
        int type = b[p] >>> 1 & 3;
        if (type == 3 || type == 0) { // reserved; or stored, whose raw bytes prove nothing (1 in 65536 passes)
            return false;
        }
        attempts++;
        Inflater inf = inflater;
        inf.reset();
        long out = 0;
        boolean finished = false;
        try {
            inf.setInput(b, p, end - p);
            for (int guard = 0; guard < 64 && out < budget; guard++) {
                int n = inf.inflate(scratch, 0, (int) Math.min(scratch.length, budget - out));
                out += n;
                if (inf.finished()) {
                    finished = true;
                    break;
                }
                if (inf.needsDictionary()) {
                    bytesDecoded += out;
                    return false;
                }
                if (n == 0 && inf.needsInput()) {
                    break;
                }
            }
            return accepted(out, inf.getBytesRead(), end - p, finished, out > 0);
        } catch (DataFormatException e) {
            bytesDecoded += out;
            return false;
        } finally {
            inf.reset();
        }
    }

    /**
     * Counts an attempt that met no error and decides it: enough input consumed, and the decoder reached its
     * budget, the end of its stream or the end of the input.
     */
    private boolean accepted(long out, long consumed, int available, boolean finished, boolean evidence) {
        bytesDecoded += out;
        if (out >= budget) {
            budgetHits++;
        }
        return evidence && consumed >= Math.min(available, MIN_INPUT);
    }

    /** Releases the inflater's and the zstd context's native memory. */
    public void close() {
        inflater.end();
        if (zstd != null) {
            zstd.close();
        }
    }
}
