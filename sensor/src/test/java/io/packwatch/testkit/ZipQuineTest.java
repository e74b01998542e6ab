package io.packwatch.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipQuineTest {

    @Test
    void deflateProgramWithoutPrefixOrSuffixInflatesToItself() throws DataFormatException {
        byte[] stream = ZipQuine.selfInflatingDeflate();
        assertEquals(30 * ZipQuine.OP, stream.length);
        assertArrayEquals(stream, inflate(stream, stream.length));
    }

    @Test
    void zipEntryInflatesToTheWholeZip() throws DataFormatException {
        byte[] quine = Bombs.zipQuine();
        int p = 30 + Bombs.QUINE_NAME.length();
        int s = 46 + Bombs.QUINE_NAME.length() + 22;
        assertEquals(30 * ZipQuine.OP + 2 * (p + s), quine.length);
        byte[] deflate = Arrays.copyOfRange(quine, p, quine.length - s);
        assertArrayEquals(quine, inflate(deflate, quine.length));
    }

    @Test
    void zipInputStreamReadsTheFileAsItsOwnEntryAndTheCrcChecks() throws IOException {
        byte[] quine = Bombs.zipQuine();
        try (ZipInputStream zin = new ZipInputStream(new ByteArrayInputStream(quine))) {
            ZipEntry e = zin.getNextEntry();
            assertEquals(Bombs.QUINE_NAME, e.getName());
            assertEquals(ZipEntry.DEFLATED, e.getMethod());
            byte[] inner = zin.readAllBytes(); // ZipInputStream throws ZipException on a CRC mismatch
            assertArrayEquals(quine, inner);
            assertEquals(quine.length, e.getSize());
            CRC32 crc = new CRC32();
            crc.update(quine);
            assertEquals(crc.getValue(), e.getCrc());
            assertNull(zin.getNextEntry());
            // and again, one level down: the same file
            try (ZipInputStream again = new ZipInputStream(new ByteArrayInputStream(inner))) {
                assertEquals(Bombs.QUINE_NAME, again.getNextEntry().getName());
                assertArrayEquals(quine, again.readAllBytes());
            }
        }
    }

    @Test
    void zipFileOpensTheQuineThroughItsCentralDirectory() throws IOException {
        Path f = Files.createTempFile("quine", ".zip");
        try {
            byte[] quine = Bombs.zipQuine();
            Files.write(f, quine);
            try (ZipFile z = new ZipFile(f.toFile())) {
                assertEquals(1, z.size());
                ZipEntry e = z.getEntry(Bombs.QUINE_NAME);
                assertEquals(quine.length, e.getSize());
                assertArrayEquals(quine, z.getInputStream(e).readAllBytes());
            }
        } finally {
            Files.delete(f);
        }
    }

    /** Info-ZIP unzip, a real unpacker, tests the CRC and extracts the quine as itself. */
    @Test
    void infoZipUnzipExtractsTheQuineAsItself(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path unzip = Path.of("/usr/bin/unzip");
        assumeTrue(Files.isExecutable(unzip),
                "unzip is not installed (apt-get install unzip)");
        byte[] quine = Bombs.zipQuine();
        Path zip = dir.resolve("in.zip");
        Files.write(zip, quine);
        Path out = Files.createDirectory(dir.resolve("out"));
        assertEquals(0, run(unzip.toString(), "-t", zip.toString()), "unzip -t: the CRC-32 checks");
        assertEquals(0, run(unzip.toString(), "-o", "-d", out.toString(), zip.toString()));
        assertArrayEquals(quine, Files.readAllBytes(out.resolve(Bombs.QUINE_NAME)));
    }

    @Test
    void gzipQuineDecompressesToItselfWithItsCrcAndLengthChecked() throws IOException {
        byte[] quine = Bombs.gzipQuine();
        assertEquals(30 * ZipQuine.OP + 2 * (10 + 8), quine.length);
        // GZIPInputStream checks the trailer's CRC-32 and length against what it inflated
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(quine))) {
            assertArrayEquals(quine, gz.readAllBytes());
        }
    }

    @Test
    void gnuGzipDecompressesTheGzipQuineToItself(@TempDir Path dir) throws IOException, InterruptedException {
        Path gzip = Path.of("/bin/gzip");
        assumeTrue(Files.isExecutable(gzip), "gzip is not installed (apt-get install gzip)");
        byte[] quine = Bombs.gzipQuine();
        Path gz = dir.resolve("q.gz");
        Files.write(gz, quine);
        assertEquals(0, run(gzip.toString(), "-t", gz.toString()), "gzip -t: CRC and length check");
        assertEquals(0, run(gzip.toString(), "-d", gz.toString()));
        assertArrayEquals(quine, Files.readAllBytes(dir.resolve("q")));
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "unzip finished");
        return p.exitValue();
    }

    private static byte[] inflate(byte[] deflate, int expected) throws DataFormatException {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(deflate);
            byte[] out = new byte[expected + 64];
            int n = 0;
            while (!inf.finished() && n < out.length) {
                int got = inf.inflate(out, n, out.length - n);
                assertTrue(got > 0 || inf.finished(), "inflater stalled at " + n);
                n += got;
            }
            assertTrue(inf.finished());
            assertEquals(deflate.length, inf.getBytesRead());
            return Arrays.copyOf(out, n);
        } finally {
            inf.end();
        }
    }
}
