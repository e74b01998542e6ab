package io.packwatch.inspect.entropy;

import io.packwatch.inspect.format.Bin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAOutputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * A labeled, deterministic corpus for the entropy classifier: plaintexts of several kinds, their compressed
 * forms and their ciphertexts, cut into samples of {@link #SIZES} bytes.
 *
 * <p>For each text kind and each index {@code i < perKind} one plaintext is generated (large enough that its
 * compressed form exceeds 64 KiB plus a margin), compressed with format {@code i % formats} and encrypted with
 * cipher {@code (i + kind) % ciphers}. From each a sample of every size is cut at a random offset: plaintext
 * anywhere, ciphertext anywhere, compressed output from past the first {@value #HEADER_SKIP} bytes (so no format
 * header, as in a sample from the middle of a stream; block headers inside the stream stay, as they would).
 * Every compressed stream also gives a "header" sample of each size starting at offset 0, labeled
 * {@link Sample#header()}, to be reported separately.
 *
 * <p>Everything derives from the seed: the same seed gives the same corpus; the classifier was calibrated on
 * {@link #TRAINING_SEED} and is evaluated on {@link #EVALUATION_SEED}.
 */
public final class CorpusGenerator {
    public static final long TRAINING_SEED = 1;
    public static final long EVALUATION_SEED = 0x5eed_2024L;
    public static final int[] SIZES = {512, 1024, 4096, 16384, 65536};
    public static final int HEADER_SKIP = 512;
    static final int MAX_SIZE = 65536;
    /**
     * Least length of a compressed stream: four of the largest samples, so a fragment is cut from a stream
     * with an inside (xz's chunks are 64 KiB apart; a stream barely longer than the sample holds only its
     * first and last chunk).
     */
    static final int MIN_STREAM = 4 * MAX_SIZE;

    public static final List<String> KINDS = List.of("english", "french", "german", "russian", "chinese", "arabic",
            "java", "python", "json", "csv", "html", "docx-xml", "log");
    public static final List<String> FORMATS = List.of("gzip", "zlib", "deflate", "bzip2", "xz", "lzma", "zstd",
            "zip", "lz4");
    public static final List<String> CIPHERS = List.of("aes-cbc", "aes-ctr", "aes-gcm", "chacha20", "camellia-cbc");

    /** Where a sample was cut from its stream. */
    public enum Cut {
        /** Anywhere (compressed output: at a random offset past the first {@value #HEADER_SKIP} bytes). */
        FRAGMENT,
        /** Compressed output from its first byte past the format header (see {@link #streamStart}). */
        STREAM_START,
        /** Compressed output from offset 0, format header included. */
        WITH_HEADER
    }

    /** One labeled sample. */
    public record Sample(DataClass truth, String format, String kind, int size, Cut cut, byte[] data) {
        public boolean header() {
            return cut == Cut.WITH_HEADER;
        }
    }

    /** Where the plaintexts come from. */
    public interface TextSource {
        /** The text kinds, in a fixed order. */
        List<String> kinds();

        /** A plaintext of {@code kind} of at least {@code minBytes} bytes, chosen with {@code rnd}. */
        byte[] text(String kind, Random rnd, int minBytes) throws IOException;
    }

    /** The synthetic texts of {@link Texts}, of {@link #KINDS}: the corpus the classifier was calibrated on. */
    public static final TextSource SYNTHETIC = new TextSource() {
        @Override
        public List<String> kinds() {
            return KINDS;
        }

        @Override
        public byte[] text(String kind, Random rnd, int minBytes) {
            return Texts.generate(kind, rnd, minBytes).getBytes(StandardCharsets.UTF_8);
        }
    };

    private final long seed;
    private final int perKind;
    private final TextSource texts;

    /**
     * @param perKind plaintexts per text kind; each class gets {@code perKind} times the number of kinds samples
     *     per size
     */
    public CorpusGenerator(long seed, int perKind) {
        this(seed, perKind, SYNTHETIC);
    }

    /** A corpus of the plaintexts of {@code texts} instead of the synthetic ones. */
    public CorpusGenerator(long seed, int perKind, TextSource texts) {
        this.seed = seed;
        this.perKind = perKind;
        this.texts = texts;
    }

    /** Builds the corpus (in parallel; the result does not depend on the thread count). */
    public List<Sample> generate() {
        int n = texts.kinds().size() * perKind;
        List<List<Sample>> parts = IntStream.range(0, n).parallel().mapToObj(this::unit).toList();
        List<Sample> all = new ArrayList<>();
        parts.forEach(all::addAll);
        return all;
    }

    private List<Sample> unit(int index) {
        int k = index / perKind;
        int i = index % perKind;
        String kind = texts.kinds().get(k);
        String format = FORMATS.get(i % FORMATS.size());
        String cipher = CIPHERS.get((i + k) % CIPHERS.size());
        Random rnd = new Random(seed * 1_000_003L + index * 7919L + 17);
        List<Sample> out = new ArrayList<>();
        try {
            int textLen = 256 * 1024;
            byte[] text;
            byte[] packed;
            while (true) {
                text = texts.text(kind, rnd, textLen);
                packed = compress(format, text, kind);
                if (packed.length >= MIN_STREAM) {
                    break;
                }
                textLen = (int) Math.min(64L << 20, (long) textLen * 2);
            }
            byte[] sealed = encrypt(cipher, text, rnd);
            for (int size : SIZES) {
                out.add(new Sample(DataClass.PLAINTEXT, kind, kind, size, Cut.FRAGMENT, slice(text, 0, size, rnd)));
                out.add(new Sample(DataClass.COMPRESSED, format, kind, size, Cut.FRAGMENT,
                        slice(packed, HEADER_SKIP, size, rnd)));
                out.add(new Sample(DataClass.COMPRESSED, format, kind, size, Cut.WITH_HEADER,
                        java.util.Arrays.copyOf(packed, size)));
                int start = streamStart(format, packed);
                out.add(new Sample(DataClass.COMPRESSED, format, kind, size, Cut.STREAM_START,
                        java.util.Arrays.copyOfRange(packed, start, start + size)));
                out.add(new Sample(DataClass.ENCRYPTED, cipher, kind, size, Cut.FRAGMENT,
                        slice(sealed, 0, size, rnd)));
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(kind + "/" + format + "/" + cipher, e);
        }
        return out;
    }

    private static byte[] slice(byte[] data, int from, int size, Random rnd) {
        int span = data.length - from - size;
        if (span < 0) {
            throw new IllegalStateException("too short: " + data.length + " for " + size);
        }
        int off = from + rnd.nextInt(span + 1);
        return java.util.Arrays.copyOfRange(data, off, off + size);
    }

    /**
     * Offset of the first byte past the format header of {@code packed} (output of {@link #compress}): where
     * the raw compressed stream starts. gzip, zlib, zip: the deflate stream; bzip2: the first block (its 48-bit
     * magic); xz: the first LZMA2 chunk, past the stream and block headers; lzma: the range coder, past the
     * 13-byte header; zstd: the first block header, past the frame header; lz4: the first block's size word.
     */
    public static int streamStart(String format, byte[] packed) {
        return switch (format) {
            case "gzip" -> 10; // GZIPOutputStream writes no optional fields
            case "zlib" -> 2;
            case "deflate" -> 0;
            case "zip" -> 30 + Bin.u16le(packed, 26) + Bin.u16le(packed, 28);
            case "bzip2" -> 4;
            case "xz" -> 12 + ((packed[12] & 0xff) + 1) * 4;
            case "lzma" -> 13;
            case "zstd" -> {
                int fhd = packed[4] & 0xff;
                boolean single = (fhd & 0x20) != 0;
                int fcs = new int[] {single ? 1 : 0, 2, 4, 8}[fhd >>> 6];
                yield 5 + (single ? 0 : 1) + new int[] {0, 1, 2, 4}[fhd & 3] + fcs;
            }
            case "lz4" -> 7; // Lz4Frame: magic, FLG, BD, header checksum
            default -> throw new IllegalArgumentException(format);
        };
    }

    /** Compresses {@code data} in {@code format} (one of {@link #FORMATS}), headers included. */
    public static byte[] compress(String format, byte[] data, String name) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(data.length / 2);
        switch (format) {
            case "gzip" -> write(new GZIPOutputStream(bos, 65536), data);
            case "zlib" -> write(new DeflaterOutputStream(bos, new Deflater(6, false), 65536), data);
            case "deflate" -> write(new DeflaterOutputStream(bos, new Deflater(9, true), 65536), data);
            case "bzip2" -> write(new BZip2CompressorOutputStream(bos), data);
            case "xz" -> write(new XZOutputStream(bos, new LZMA2Options(3)), data);
            case "lzma" -> write(new LZMAOutputStream(bos, new LZMA2Options(3), data.length), data);
            case "zstd" -> bos.write(com.github.luben.zstd.Zstd.compress(data, 3));
            case "zip" -> {
                try (ZipOutputStream zos = new ZipOutputStream(bos)) {
                    zos.putNextEntry(new ZipEntry(name + ".txt"));
                    zos.write(data);
                    zos.closeEntry();
                }
            }
            // Commons Compress's FramedLZ4CompressorOutputStream runs at 10-100 KB/s here; see Lz4Frame
            case "lz4" -> bos.write(Lz4Frame.compress(data));
            default -> throw new IllegalArgumentException(format);
        }
        return bos.toByteArray();
    }

    private static void write(OutputStream os, byte[] data) throws IOException {
        try (os) {
            os.write(data);
        }
    }

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** Encrypts {@code data} with a random key (and IV) from {@code rnd}. */
    public static byte[] encrypt(String cipher, byte[] data, Random rnd) throws GeneralSecurityException {
        byte[] key = new byte[cipher.equals("chacha20") ? 32 : (rnd.nextBoolean() ? 16 : 32)];
        rnd.nextBytes(key);
        byte[] iv = new byte[16];
        rnd.nextBytes(iv);
        Cipher c;
        switch (cipher) {
            case "aes-cbc" -> {
                c = Cipher.getInstance("AES/CBC/PKCS5Padding");
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            }
            case "aes-ctr" -> {
                c = Cipher.getInstance("AES/CTR/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            }
            case "aes-gcm" -> {
                c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                        new GCMParameterSpec(128, java.util.Arrays.copyOf(iv, 12)));
            }
            case "chacha20" -> {
                c = Cipher.getInstance("ChaCha20", BC);
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"),
                        new IvParameterSpec(java.util.Arrays.copyOf(iv, 12)));
            }
            case "camellia-cbc" -> {
                c = Cipher.getInstance("Camellia/CBC/PKCS7Padding", BC);
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "Camellia"), new IvParameterSpec(iv));
            }
            default -> throw new IllegalArgumentException(cipher);
        }
        return c.doFinal(data);
    }
}
