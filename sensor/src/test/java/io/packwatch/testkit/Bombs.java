package io.packwatch.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Decompression bombs made with java.util.zip: a gzip of a long zero run, gzip-in-gzip, a 42.zip-like tree of
 * zips (each level holding {@code width} copies of the level below) and a deep chain of zips each holding the
 * previous one. Only the compressed bytes are ever held; the zeros stream through a 1 MiB buffer.
 */
public final class Bombs {
    private static final byte[] ZEROS = new byte[1 << 20];

    private Bombs() {
    }

    /** gzip of {@code size} zero bytes (deflate tops out near 1030:1, so 1 GiB gives about 1 MiB). */
    public static byte[] gzipZeros(long size) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16)) {
            writeZeros(gz, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code inner} gzipped {@code depth} more times: gzip(gzip(...(inner))). */
    public static byte[] nestGzip(byte[] inner, int depth) {
        byte[] b = inner;
        for (int i = 0; i < depth; i++) {
            b = InspectionSamples.gzip(b);
        }
        return b;
    }

    /**
     * The 42.zip shape: level 0 is a zip of {@code width} deflated files of {@code fileSize} zeros; each further
     * level is a zip of {@code width} deflated copies of the level below. Expands to width^(levels+1) * fileSize.
     */
    public static byte[] zipTree(long fileSize, int width, int levels) {
        byte[] level = zip(width, "0.txt", null, fileSize, ZipEntry.DEFLATED);
        for (int l = 1; l <= levels; l++) {
            level = zip(width, l + ".zip", level, 0, ZipEntry.DEFLATED);
        }
        return level;
    }

    /**
     * A zip holding a zip holding a zip ... {@code depth} levels, each stored (method 0), so every level's bytes
     * sit verbatim inside the next: the self-similar shape of a zip quine, without the fixed point.
     */
    public static byte[] zipChain(int depth) {
        byte[] b = InspectionSamples.text(42, 200);
        for (int i = 0; i < depth; i++) {
            b = zip(1, "r" + i + ".zip", b, 0, ZipEntry.STORED);
        }
        return b;
    }

    /** The single entry name of {@link #zipQuine()}. */
    public static final String QUINE_NAME = "quine.zip";

    /**
     * A zip quine: one deflated entry, {@link #QUINE_NAME}, that inflates byte for byte to the zip itself, CRC-32
     * included, so an unpacker that recurses into archives never reaches the bottom (see {@link ZipQuine}).
     */
    public static byte[] zipQuine() {
        return ZipQuine.build(QUINE_NAME);
    }

    /**
     * A gzip quine: a gzip member whose deflate data inflates to the whole member, so a decoder that looks inside
     * what it decoded finds the same gzip again, at every layer.
     */
    public static byte[] gzipQuine() {
        return ZipQuine.gzip();
    }

    /** A zip of {@code copies} entries named i-NAME, each {@code content} or, when null, {@code zeros} zero bytes. */
    private static byte[] zip(int copies, String name, byte[] content, long zeros, int method) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (int i = 0; i < copies; i++) {
                ZipEntry e = new ZipEntry(i + "-" + name);
                e.setTime(GeneratePcaps.T0 / 1_000_000);
                if (method == ZipEntry.STORED) { // a stored entry's sizes and CRC go in its local header
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(content.length);
                    e.setCompressedSize(content.length);
                    e.setCrc(crc.getValue());
                }
                z.putNextEntry(e);
                if (content != null) {
                    z.write(content);
                } else {
                    writeZeros(z, zeros);
                }
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeZeros(java.io.OutputStream out, long size) throws IOException {
        for (long left = size; left > 0; left -= ZEROS.length) {
            out.write(ZEROS, 0, (int) Math.min(ZEROS.length, left));
        }
    }
}
