package io.packwatch.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic payloads for the inspection captures: the checked-in samples that real tools wrote, and data
 * made with the JDK's own compressors and ciphers the way a Python or .NET script would make them: gzip, zlib,
 * zip, tar.gz, AES-CTR.
 */
public final class InspectionSamples {
    private InspectionSamples() {
    }

    /** A sample file from sensor/src/test/resources ({@code formats/cli.zip}, {@code art/passwd.gz}), from the class path. */
    public static byte[] resource(String name) {
        try (InputStream in = InspectionSamples.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** English-like text: what gets collected before it is archived. */
    public static byte[] text(int seed, int length) {
        String[] words = {"the", "quarterly", "report", "customer", "account", "payment", "invoice", "password",
            "confidential", "project", "schedule", "meeting", "revenue", "network", "server", "backup", "of", "and",
            "to", "in", "for", "with", "on", "data", "export", "list", "contract", "salary", "employee", "budget"};
        StringBuilder sb = new StringBuilder(length + 16);
        long x = seed * 2654435761L + 1;
        int line = 0;
        while (sb.length() < length) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            String w = words[(int) ((x >>> 33) % words.length)];
            sb.append(w);
            line += w.length() + 1;
            if (line > 70) {
                sb.append(".\n");
                line = 0;
            } else {
                sb.append(' ');
            }
        }
        return sb.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Raw deflate, no header or trailer: what .NET's DeflateStream and Python's zlib with wbits=-15 write. */
    public static byte[] rawDeflate(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] zlib(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION))) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A zip of the given entries (name, content pairs), with fixed times so the bytes never change. */
    public static byte[] zip(Object... nameContent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < nameContent.length; i += 2) {
                ZipEntry e = new ZipEntry((String) nameContent[i]);
                e.setTime(1_767_225_600_000L);
                z.putNextEntry(e);
                z.write((byte[]) nameContent[i + 1]);
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A POSIX ustar archive of one file, as Python's tarfile writes it (header, data, two zero blocks). */
    public static byte[] tar(String name, byte[] content) {
        int dataBlocks = (content.length + 511) / 512;
        byte[] tar = new byte[512 + dataBlocks * 512 + 1024];
        put(tar, 0, name);
        put(tar, 100, "0000644\0");
        put(tar, 108, "0001750\0");
        put(tar, 116, "0001750\0");
        put(tar, 124, String.format("%011o\0", content.length));
        put(tar, 136, String.format("%011o\0", 1_767_225_600L));
        tar[156] = '0';
        put(tar, 257, "ustar\0");
        put(tar, 263, "00");
        put(tar, 265, "analyst");
        put(tar, 297, "analyst");
        for (int i = 148; i < 156; i++) {
            tar[i] = ' ';
        }
        int sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += tar[i] & 0xFF;
        }
        put(tar, 148, String.format("%06o\0 ", sum));
        System.arraycopy(content, 0, tar, 512, content.length);
        return tar;
    }

    private static void put(byte[] b, int off, String s) {
        byte[] v = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, b, off, v.length);
    }

    /** AES-128-CTR with a fixed key and IV: real ciphertext, the same on every run. */
    public static byte[] aesCtr(byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Payloads.pattern(7, 16), "AES"),
                    new IvParameterSpec(Payloads.pattern(8, 16)));
            return c.doFinal(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
