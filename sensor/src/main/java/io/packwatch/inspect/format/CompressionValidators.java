package io.packwatch.inspect.format;

import static io.packwatch.inspect.format.Bin.crc32;
import static io.packwatch.inspect.format.Bin.has;
import static io.packwatch.inspect.format.Bin.u16le;
import static io.packwatch.inspect.format.Bin.u32be;
import static io.packwatch.inspect.format.Bin.u32le;
import static io.packwatch.inspect.format.Bin.u64le;
import static io.packwatch.inspect.format.Bin.u8;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.time.Instant;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.snappy.FramedSnappyCompressorInputStream;
import org.apache.commons.compress.compressors.z.ZCompressorInputStream;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2InputStream;
import org.tukaani.xz.LZMAInputStream;

/** Validators for single-stream compression formats. */
final class CompressionValidators {
    /** Dictionary given to LZMA/LZMA2 trial decoders: enough for the 1 KiB (+ one match) we decode, whatever the header says. */
    private static final int TRIAL_DICT = 8 * 1024;
    /** Reuses the decoders' probability and dictionary arrays across trials (thread-safe). */
    private static final ArrayCache CACHE = BasicArrayCache.getInstance();
    /** Largest zstd window (log2) we let the native decoder allocate; larger frames are checked structurally. */
    private static final int ZSTD_WINDOW_LOG_MAX = 23;

    private CompressionValidators() {
    }

    // ---------------------------------------------------------------- gzip (RFC 1952)

    static String gzip(byte[] b, int s, int end) {
        int p = Headers.gzipDataStart(b, s, end);
        if (p < 0) {
            return null;
        }
        int flg = u8(b, s + 3);
        long mtime = u32le(b, s + 4);
        int os = u8(b, s + 9);
        String name = null;
        if ((flg & 0x08) != 0) { // FNAME, checked by gzipDataStart
            int q = s + 10 + ((flg & 0x04) != 0 ? 2 + u16le(b, s + 10) : 0);
            name = Bin.name(b, q, Bin.indexOfNul(b, q, end, 4096) - q);
        }
        Probe.Result r = Probe.inflate(b, p, end, true);
        if (!r.accepted()) {
            return null;
        }
        if (r.finished()) { // whole member decoded: the trailer's CRC-32 and size must follow
            int t = p + (int) r.in();
            if (has(t, 8, end) && u32le(b, t + 4) != (r.out() & 0xFFFFFFFFL)) {
                return null;
            }
        }
        StringBuilder d = new StringBuilder();
        if (name != null) {
            d.append("name=").append(name).append(' ');
        }
        d.append("mtime=").append(mtime == 0 ? "0" : Instant.ofEpochSecond(mtime).toString());
        d.append(" os=").append(os);
        d.append(r.finished() ? " decoded=" + r.out() + " (whole member)" : " decoded>=" + r.out());
        return d.toString();
    }

    // ---------------------------------------------------------------- zlib (RFC 1950)

    static String zlib(byte[] b, int s, int end) {
        if (!has(s, 2, end)) {
            return null;
        }
        int cmf = u8(b, s);
        int flg = u8(b, s + 1);
        if ((cmf & 0x0F) != 8 || (cmf >> 4) > 7 || (cmf * 256 + flg) % 31 != 0 || (flg & 0x20) != 0) {
            return null;
        }
        if (!has(s, 3, end) || ((u8(b, s + 2) >> 1) & 3) == 3) { // first deflate block type must not be reserved
            return null;
        }
        Probe.Result r = Probe.inflate(b, s, end, false);
        if (!r.accepted()) {
            return null;
        }
        return "level=" + (flg >> 6) + " window=" + (1 << ((cmf >> 4) + 8))
                + (r.finished() ? " decoded=" + r.out() + " (whole stream, adler32 ok)" : " decoded>=" + r.out());
    }

    // ---------------------------------------------------------------- bzip2

    private static final long BZ_EOS = 0x177245385090L;

    /**
     * "BZh" and the block size, then the first block's header checked bit by bit ({@link Bzip2BlockHeader}):
     * no decoding tables are built. An empty stream (end-of-stream magic, CRC 0) is accepted too.
     */
    static String bzip2(byte[] b, int s, int end) {
        if (!has(s, 14, end) || b[s] != 'B' || b[s + 1] != 'Z' || b[s + 2] != 'h') {
            return null;
        }
        int level = b[s + 3] - '0';
        if (level < 1 || level > 9) {
            return null;
        }
        long magic = ((long) Bin.u16be(b, s + 4) << 32) | u32be(b, s + 6);
        if (magic == BZ_EOS) {
            return u32be(b, s + 10) == 0 ? "level=" + level + " empty stream" : null;
        }
        Bzip2BlockHeader.Result h = Bzip2BlockHeader.check(b, s + 4, end, level);
        return h.status() == Bzip2BlockHeader.Status.VALID ? "level=" + level + " " + h.describe() : null;
    }

    /**
     * {@link #bzip2}, then a trial decode of the first 1 KiB with Commons Compress (which sets up several MB of
     * tables per candidate): validator {@code bzip2-probe} in a signature file, for who wants the decode too.
     */
    static String bzip2Probe(byte[] b, int s, int end) {
        String header = bzip2(b, s, end);
        if (header == null || header.endsWith("empty stream")) {
            return header;
        }
        Probe.Result r = Probe.stream(b, s, end, Probe.OUTPUT_LIMIT,
                in -> new BZip2CompressorInputStream(in, false));
        if (r.status() == Probe.Status.ERROR) {
            return null;
        }
        return header + (r.status() == Probe.Status.OK ? " decoded=" + r.out() : " (first block larger than the window)");
    }

    // ---------------------------------------------------------------- xz

    static String xz(byte[] b, int s, int end) {
        if (!has(s, 12, end) || u8(b, s) != 0xFD || b[s + 1] != '7' || b[s + 2] != 'z' || b[s + 3] != 'X'
                || b[s + 4] != 'Z' || b[s + 5] != 0) {
            return null;
        }
        int check = u8(b, s + 7);
        if (b[s + 6] != 0 || (check & 0xF0) != 0 || u32le(b, s + 8) != crc32(b, s + 6, 2)) {
            return null;
        }
        String checkName = switch (check) {
            case 0 -> "none";
            case 1 -> "crc32";
            case 4 -> "crc64";
            case 10 -> "sha256";
            default -> "reserved" + check;
        };
        int p = s + 12;
        if (!has(p, 1, end)) {
            return null;
        }
        if (b[p] == 0) { // index indicator: a stream with no blocks
            return has(p, 8, end) ? "check=" + checkName + " empty stream" : null;
        }
        int chunk = Headers.xzBlockData(b, p, end);
        if (chunk < 0) {
            return null;
        }
        int nFilters = (u8(b, p + 1) & 3) + 1;
        if (has(chunk, 1, end)) { // the first LZMA2 chunk must reset the dictionary
            int control = u8(b, chunk);
            if (control != 0x01 && control < 0xE0 || control >= 0xE0 && has(chunk, 6, end) && u8(b, chunk + 5) >= 225) {
                return null;
            }
        }
        Probe.Result r = Probe.stream(b, chunk, end, Probe.OUTPUT_LIMIT,
                in -> new LZMA2InputStream(in, TRIAL_DICT));
        // LZMA2 reads a whole chunk (up to 64 KiB) before it yields output: a window that cuts the first
        // chunk is accepted on the CRC-checked headers above
        if (r.status() == Probe.Status.ERROR) {
            return null;
        }
        return "check=" + checkName + " filters=" + nFilters + " decoded" + (r.finished() ? "=" : ">=") + r.out();
    }

    // ---------------------------------------------------------------- lzma alone (.lzma)

    static String lzma(byte[] b, int s, int end) {
        if (!has(s, 14, end)) {
            return null;
        }
        int props = u8(b, s);
        if (props >= 9 * 5 * 5) {
            return null;
        }
        long dict = u32le(b, s + 1);
        // xz-utils and LZMA SDK write 2^n or 2^n + 2^(n-1); anything else is not from a real encoder
        if (dict < 4096 || dict > (3L << 29) || !(Long.bitCount(dict) == 1
                || Long.bitCount(dict) == 2 && (dict & (dict >>> 1)) != 0)) {
            return null;
        }
        long size = u64le(b, s + 5);
        if (size != -1 && (size < 0 || size > (1L << 44))) {
            return null;
        }
        if (u8(b, s + 13) != 0) { // first byte of the range coder is always 0
            return null;
        }
        Probe.Result r = Probe.stream(b, s + 13, end, Probe.OUTPUT_LIMIT,
                in -> new LZMAInputStream(in, size, (byte) props, TRIAL_DICT, null, CACHE));
        if (!r.accepted() && !(r.finished() && r.status() == Probe.Status.OK)) {
            return null;
        }
        int lc = props % 9;
        int lp = props / 9 % 5;
        int pb = props / 45;
        return "lc=" + lc + " lp=" + lp + " pb=" + pb + " dict=" + dict
                + (size == -1 ? " size=unknown" : " size=" + size) + " decoded" + (r.finished() ? "=" : ">=") + r.out();
    }

    // ---------------------------------------------------------------- zstd (RFC 8878)

    static String zstd(byte[] b, int s, int end) {
        int p = s;
        int skipped = 0;
        while (has(p, 8, end) && (u32le(b, p) & 0xFFFFFFF0L) == 0x184D2A50L) { // skippable frames
            long size = u32le(b, p + 4);
            if (++skipped > 4 || !has(p + 8, size, end)) {
                return null;
            }
            p += 8 + (int) size;
        }
        if (!has(p, 6, end) || u32le(b, p) != 0xFD2FB528L) {
            return null;
        }
        int fhd = u8(b, p + 4);
        if ((fhd & 0x08) != 0) { // reserved bit
            return null;
        }
        boolean single = (fhd & 0x20) != 0;
        int didFlag = fhd & 3;
        int fcsFlag = fhd >> 6;
        int q = p + 5;
        long window = -1;
        if (!single) {
            int wd = u8(b, q++);
            int exp = wd >> 3;
            if (exp > 31 - 10) {
                return null;
            }
            long base = 1L << (10 + exp);
            window = base + base / 8 * (wd & 7);
        }
        q += new int[] {0, 1, 2, 4}[didFlag];
        int fcsBytes = new int[] {single ? 1 : 0, 2, 4, 8}[fcsFlag];
        if (!has(q, fcsBytes + 3L, end)) {
            return null;
        }
        long fcs = switch (fcsBytes) {
            case 1 -> u8(b, q);
            case 2 -> u16le(b, q) + 256;
            case 4 -> u32le(b, q);
            case 8 -> u64le(b, q);
            default -> -1;
        };
        q += fcsBytes;
        if (single) {
            window = fcs;
        }
        int bh = u8(b, q) | u8(b, q + 1) << 8 | u8(b, q + 2) << 16;
        int btype = (bh >> 1) & 3;
        int bsize = bh >>> 3;
        if (btype == 3 || btype != 1 && bsize > 128 * 1024 || window >= 0 && btype == 2 && bsize > window) {
            return null;
        }
        String detail = (skipped > 0 ? "skippable=" + skipped + " " : "") + "window=" + window
                + (fcsBytes > 0 ? " size=" + fcs : "");
        if (window > (1L << ZSTD_WINDOW_LOG_MAX) && (!single)) {
            return detail + " (window too large to trial decode; headers checked)";
        }
        final int frame = p;
        Probe.Result r = Probe.stream(b, frame, end, Probe.OUTPUT_LIMIT, in -> {
            ZstdInputStreamNoFinalizer z = new ZstdInputStreamNoFinalizer(in);
            z.setLongMax(ZSTD_WINDOW_LOG_MAX);
            return z;
        });
        // a compressed block (up to 128 KiB) is decoded as a whole: a window that cuts the first block is
        // accepted on the frame and block headers checked above
        if (r.status() == Probe.Status.ERROR) {
            return null;
        }
        return detail + " decoded" + (r.finished() ? "=" : ">=") + r.out();
    }

    // ---------------------------------------------------------------- lz4 frame

    static String lz4(byte[] b, int s, int end) {
        if (!has(s, 7, end) || u32le(b, s) != 0x184D2204L) {
            return null;
        }
        int flg = u8(b, s + 4);
        int bd = u8(b, s + 5);
        if ((flg >> 6) != 1 || (flg & 0x02) != 0 || (bd & 0x8F) != 0 || ((bd >> 4) & 7) < 4) {
            return null;
        }
        int descLen = 2 + ((flg & 0x08) != 0 ? 8 : 0) + ((flg & 0x01) != 0 ? 4 : 0);
        if (!has(s + 4, descLen + 1L, end)) {
            return null;
        }
        int hc = (XxHash32.hash(b, s + 4, descLen, 0) >> 8) & 0xFF;
        if (u8(b, s + 4 + descLen) != hc) {
            return null;
        }
        int blockMax = 1 << (2 * ((bd >> 4) & 7) + 8);
        int p = s + 4 + descLen + 1;
        if (has(p, 4, end)) {
            long bsize = u32le(b, p) & 0x7FFFFFFFL;
            if (bsize > blockMax) {
                return null;
            }
        }
        Probe.Result r = Probe.stream(b, s, end, Probe.OUTPUT_LIMIT, FramedLZ4CompressorInputStream::new);
        if (r.status() == Probe.Status.ERROR) {
            return null;
        }
        return "blockMax=" + blockMax + ((flg & 0x08) != 0 ? " size=" + u64le(b, s + 6) : "")
                + ((flg & 0x20) != 0 ? " independent" : " linked") + ((flg & 0x04) != 0 ? " content-checksum" : "")
                + " decoded" + (r.status() == Probe.Status.OK ? (r.finished() ? "=" : ">=") + r.out() : ">=" + r.out());
    }

    // ---------------------------------------------------------------- Unix compress (.Z)

    static String compress(byte[] b, int s, int end) {
        if (!has(s, 3, end) || u8(b, s) != 0x1F || u8(b, s + 1) != 0x9D) {
            return null;
        }
        int f = u8(b, s + 2);
        int maxBits = f & 0x1F;
        if ((f & 0x60) != 0 || maxBits < 9 || maxBits > 16) {
            return null;
        }
        Probe.Result r = Probe.stream(b, s, end, Probe.OUTPUT_LIMIT, in -> new ZCompressorInputStream(in, 1 << 17));
        if (!r.accepted() && !(r.finished() && r.status() == Probe.Status.OK && r.out() > 0)) {
            return null;
        }
        return "maxbits=" + maxBits + ((f & 0x80) != 0 ? " block-mode" : "") + " decoded"
                + (r.finished() ? "=" : ">=") + r.out();
    }

    // ---------------------------------------------------------------- snappy framed

    static String snappy(byte[] b, int s, int end) {
        if (!has(s, 14, end) || u8(b, s) != 0xFF || u8(b, s + 1) != 6 || b[s + 2] != 0 || b[s + 3] != 0
                || b[s + 4] != 's' || b[s + 5] != 'N' || b[s + 6] != 'a' || b[s + 7] != 'P' || b[s + 8] != 'p'
                || b[s + 9] != 'Y') {
            return null;
        }
        int type = u8(b, s + 10);
        int len = u8(b, s + 11) | u8(b, s + 12) << 8 | u8(b, s + 13) << 16;
        boolean data = type == 0 || type == 1;
        if (type >= 0x02 && type <= 0x7F || data && (len < 4 || len > 65536 + 4)) {
            return null;
        }
        Probe.Result r = Probe.stream(b, s, end, Probe.OUTPUT_LIMIT, FramedSnappyCompressorInputStream::new);
        if (!r.accepted() && !(r.finished() && r.status() == Probe.Status.OK)) {
            return null;
        }
        return "first-chunk=" + (type == 0 ? "compressed" : type == 1 ? "uncompressed" : "0x" + Integer.toHexString(type))
                + " decoded" + (r.finished() ? "=" : ">=") + r.out();
    }
}
