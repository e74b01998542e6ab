package io.packwatch.inspect.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.support.Repo;
import io.packwatch.testkit.InspectionSamples;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class Bzip2BlockHeaderTest {
    @Test
    void realBlocksPass() throws IOException {
        for (String name : new String[] {"cli.bz2", "py.bz2", "py.tar.bz2"}) {
            byte[] b = Files.readAllBytes(Repo.root().resolve("sensor/src/test/resources/formats").resolve(name));
            Bzip2BlockHeader.Result r = Bzip2BlockHeader.check(b, 4, b.length, b[3] - '0');
            assertEquals(Bzip2BlockHeader.Status.VALID, r.status(), name);
            assertTrue(r.symbols() > 0 && r.groups() >= 2 && r.groups() <= 6 && r.selectors() >= 1, name + " " + r);
            // cut inside the header: consistent so far, not valid
            assertEquals(Bzip2BlockHeader.Status.TRUNCATED, Bzip2BlockHeader.check(b, 4, 4 + 20, 9).status(), name);
            // a flipped randomised bit is rejected
            byte[] c = b.clone();
            c[14] |= (byte) 0x80;
            assertEquals(Bzip2BlockHeader.Status.INVALID, Bzip2BlockHeader.check(c, 4, c.length, 9).status(), name);
        }
    }

    /**
     * The fields alone (the 48-bit magic not required) at every byte offset of 2 MB of random bytes, 1 MB of
     * text and a JPEG: none passes (nor on 8 MB and 4 MB, measured once). With the magic and "BZh" in front, a
     * false positive is out of reach.
     */
    @Test
    void fieldsAloneRejectRandomTextAndJpegAtEveryOffset() throws IOException {
        byte[] random = new byte[2 << 20];
        new Random(21).nextBytes(random);
        byte[] text = InspectionSamples.text(5, 1 << 20);
        byte[] jpeg = jpeg();
        long checked = 0;
        for (byte[] data : new byte[][] {random, text, jpeg}) {
            int valid = 0;
            for (int p = 0; p + 4 < data.length; p++) {
                if (Bzip2BlockHeader.checkAfterMagic(data, p, data.length, 9).status()
                        == Bzip2BlockHeader.Status.VALID) {
                    valid++;
                }
                checked++;
            }
            assertEquals(0, valid, "data of " + data.length + " bytes");
        }
        assertTrue(checked > 3_000_000 && jpeg.length > 20_000, checked + " " + jpeg.length);
    }

    private static byte[] jpeg() throws IOException {
        BufferedImage img = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(22);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                img.setRGB(x, y, (x * 3 + y) << 8 | r.nextInt(256) | (y & 0xff) << 16);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }
}
