package io.packwatch.inspect.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.apache.commons.compress.compressors.lzma.LZMACompressorOutputStream;
import org.apache.commons.compress.compressors.snappy.FramedSnappyCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/** Test data: the repository's signatures, checked-in samples, and archives written by Java libraries. */
final class Fixtures {
    private Fixtures() {
    }

    /** The repository's {@code signatures/} directory (tests run in {@code sensor/}). */
    static Path signatureDir() {
        Path p = Paths.get("").toAbsolutePath();
        for (; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("signatures/formats.yaml"))) {
                return p.resolve("signatures");
            }
        }
        throw new IllegalStateException("signatures/formats.yaml not found above " + Paths.get("").toAbsolutePath());
    }

    static Path sampleDir() {
        Path p = Paths.get("src/test/resources/formats");
        if (Files.isDirectory(p)) {
            return p;
        }
        return signatureDir().getParent().resolve("sensor/src/test/resources/formats");
    }

    static byte[] sample(String name) {
        try {
            return Files.readAllBytes(sampleDir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text that compresses but not to nothing: pseudo-random words. */
    static byte[] text(int n, long seed) {
        String[] words = ("the of and to in is was for on that with as by at from his her account invoice password "
                + "customer salary report export quarterly confidential meeting project budget data server").split(" ");
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(n + 16);
        while (sb.length() < n) {
            sb.append(words[r.nextInt(words.length)]);
            sb.append(r.nextInt(12) == 0 ? ".\n" : " ");
        }
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    static final byte[] CONTENT = text(20_000, 1);

    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    static byte[] bytes(Writer w) {
        try {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            w.write(bo);
            return bo.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Archives of {@link #CONTENT} written by Java, by expected format. */
    static Map<String, byte[]> javaSamples() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("gzip", bytes(o -> {
            try (GZIPOutputStream z = new GZIPOutputStream(o)) {
                z.write(CONTENT);
            }
        }));
        m.put("zlib", bytes(o -> {
            try (DeflaterOutputStream z = new DeflaterOutputStream(o)) {
                z.write(CONTENT);
            }
        }));
        m.put("zip", bytes(o -> {
            try (ZipOutputStream z = new ZipOutputStream(o)) {
                z.putNextEntry(new ZipEntry("dump/customers.csv"));
                z.write(CONTENT);
                z.closeEntry();
            }
        }));
        m.put("bzip2", bytes(o -> {
            try (BZip2CompressorOutputStream z = new BZip2CompressorOutputStream(o, 1)) {
                z.write(CONTENT);
            }
        }));
        m.put("xz", bytes(o -> {
            try (XZCompressorOutputStream z = new XZCompressorOutputStream(o)) {
                z.write(CONTENT);
            }
        }));
        m.put("lzma", bytes(o -> {
            try (LZMACompressorOutputStream z = new LZMACompressorOutputStream(o)) {
                z.write(CONTENT);
            }
        }));
        m.put("zstd", bytes(o -> {
            try (ZstdCompressorOutputStream z = new ZstdCompressorOutputStream(o)) {
                z.write(CONTENT);
            }
        }));
        m.put("lz4", bytes(o -> {
            try (FramedLZ4CompressorOutputStream z = new FramedLZ4CompressorOutputStream(o)) {
                z.write(CONTENT);
            }
        }));
        m.put("snappy", bytes(o -> {
            try (FramedSnappyCompressorOutputStream z = new FramedSnappyCompressorOutputStream(o)) {
                z.write(CONTENT);
            }
        }));
        m.put("tar", bytes(o -> {
            try (TarArchiveOutputStream t = new TarArchiveOutputStream(o)) {
                TarArchiveEntry e = new TarArchiveEntry("dump/customers.csv");
                e.setSize(CONTENT.length);
                t.putArchiveEntry(e);
                t.write(CONTENT);
                t.closeArchiveEntry();
            }
        }));
        m.put("cpio", bytes(o -> {
            try (CpioArchiveOutputStream c = new CpioArchiveOutputStream(o)) {
                CpioArchiveEntry e = new CpioArchiveEntry("dump/customers.csv", CONTENT.length);
                e.setMode(0100644);
                c.putArchiveEntry(e);
                c.write(CONTENT);
                c.closeArchiveEntry();
            }
        }));
        m.put("ar", bytes(o -> {
            try (ArArchiveOutputStream a = new ArArchiveOutputStream(o)) {
                a.putArchiveEntry(new ArArchiveEntry("customers.csv", CONTENT.length));
                a.write(CONTENT);
                a.closeArchiveEntry();
            }
        }));
        m.put("7z", sevenZ());
        return m;
    }

    private static byte[] sevenZ() {
        try {
            SeekableInMemoryByteChannel ch = new SeekableInMemoryByteChannel();
            try (SevenZOutputFile f = new SevenZOutputFile(ch)) {
                SevenZArchiveEntry e = new SevenZArchiveEntry();
                e.setName("customers.csv");
                f.putArchiveEntry(e);
                f.write(CONTENT);
                f.closeArchiveEntry();
            }
            return java.util.Arrays.copyOf(ch.array(), (int) ch.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checked-in samples made by real tools, by file name → expected format. */
    static Map<String, String> toolSamples() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cli.gz", "gzip");
        m.put("cli.bz2", "bzip2");
        m.put("cli.xz", "xz");
        m.put("cli.lzma", "lzma");
        m.put("cli.zst", "zstd");
        m.put("cli.lz4", "lz4");
        m.put("cli.Z", "compress");
        m.put("cli.zip", "zip");
        m.put("cli-enc.zip", "zip");
        m.put("cli.7z", "7z");
        m.put("cli.tar", "tar");
        m.put("cli-v7.tar", "tar");
        m.put("cli-newc.cpio", "cpio");
        m.put("cli-bin.cpio", "cpio");
        m.put("cli.a", "ar");
        m.put("cli.cab", "cab");
        m.put("cli.arj", "arj");
        m.put("py.zlib", "zlib");
        m.put("py.gz", "gzip");
        m.put("py.bz2", "bzip2");
        m.put("py.xz", "xz");
        m.put("py.zip", "zip");
        m.put("py.tar.gz", "gzip");
        m.put("py.tar.bz2", "bzip2");
        m.put("hand-v4.rar", "rar");
        m.put("hand-v5.rar", "rar");
        return m;
    }

}
