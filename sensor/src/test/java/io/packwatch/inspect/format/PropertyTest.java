package io.packwatch.inspect.format;

import io.packwatch.testkit.Bytes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.inspect.Detection;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What must not be found, and robustness under mutation. */
class PropertyTest {
    static final int WINDOW = 64 * 1024;
    static SignatureDetector detector;

    @BeforeAll
    static void load() {
        detector = SignatureDetector.fromDirectory(Fixtures.signatureDir());
    }

    @Test
    void nothingInSixteenMegabytesOfRandomBytes() throws NoSuchAlgorithmException {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG"); // deterministic when seeded before first use
        r.setSeed(20261122L);
        long before = detector.rejectedCandidates();
        byte[] w = new byte[WINDOW];
        List<Detection> found = new ArrayList<>();
        for (int i = 0; i < 16 * 1024 * 1024 / WINDOW; i++) {
            r.nextBytes(w);
            found.addAll(detector.detect(w, 0, WINDOW, false));
        }
        assertEquals(List.of(), found);
        // about 1,000 zlib, 500 cpio-binary, 250 arj and 250 compress magic hits in 16 MiB: all rejected
        assertTrue(detector.rejectedCandidates() - before > 1000, "rejected " + (detector.rejectedCandidates() - before));
    }

    @Test
    void nothingInEnglishLikeText() {
        byte[] t = Fixtures.text(4 * 1024 * 1024, 99);
        for (int p = 0; p < t.length; p += WINDOW) {
            assertEquals(List.of(), detector.detect(t, p, Math.min(WINDOW, t.length - p), false), "window at " + p);
        }
    }

    @Test
    void nothingInJpeg() throws IOException {
        byte[] jpg = image("jpg");
        assertTrue((jpg[0] & 0xFF) == 0xFF && (jpg[1] & 0xFF) == 0xD8);
        assertEquals(List.of(), detector.detect(jpg, 0, Math.min(WINDOW, jpg.length), jpg.length <= WINDOW));
    }

    /**
     * Decision: a PNG's IDAT chunk holds a real zlib stream, so reporting zlib there is correct (the
     * detector reports formats, not intent; the alert rule takes such a stream for the image's own, see
     * {@code Documents}); nothing else may be found. The same holds for a PDF FlateDecode stream. A PDF without
     * compressed streams yields nothing.
     */
    @Test
    void pngCarriesExactlyOneZlibStreamInItsIdatChunk() throws IOException {
        byte[] png = image("png");
        int idat = indexOf(png, "IDAT".getBytes(StandardCharsets.US_ASCII));
        List<Detection> ds = detector.detect(png, 0, Math.min(WINDOW, png.length), png.length <= WINDOW);
        assertEquals(1, ds.size(), ds.toString());
        assertEquals("zlib", ds.get(0).format());
        assertEquals(idat + 4, ds.get(0).offset());
    }

    @Test
    void pdf() throws IOException {
        String plain = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                + "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
                + "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n"
                + "4 0 obj\n<< /Length 44 >>\nstream\nBT /F1 24 Tf 100 700 Td (Hello World) Tj ET\nendstream\nendobj\n"
                + "xref\n0 5\n0000000000 65535 f \ntrailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n";
        byte[] p = plain.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(List.of(), detector.detect(p, 0, p.length, true));

        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
            d.write(Fixtures.text(3000, 4));
        }
        byte[] head = "%PDF-1.4\n4 0 obj\n<< /Filter /FlateDecode >>\nstream\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] pdf = Bytes.concat(head, z.toByteArray(), "\nendstream\nendobj\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1));
        List<Detection> ds = detector.detect(pdf, 0, pdf.length, true);
        assertEquals(1, ds.size(), ds.toString());
        assertEquals("zlib", ds.get(0).format());
        assertEquals(head.length, ds.get(0).offset());
    }

    private static byte[] image(String type) throws IOException {
        BufferedImage img = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(8);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, (x * 3 + y * 5) << 8 ^ r.nextInt(1 << 24) & 0x0F0F0F);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, type, out));
        return out.toByteArray();
    }

    private static int indexOf(byte[] b, byte[] m) {
        outer:
        for (int i = 0; i + m.length <= b.length; i++) {
            for (int k = 0; k < m.length; k++) {
                if (b[i + k] != m[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
