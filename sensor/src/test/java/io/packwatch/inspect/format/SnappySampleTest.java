package io.packwatch.inspect.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.snappy.FramedSnappyCompressorOutputStream;
import org.junit.jupiter.api.Test;

/**
 * formats/java.sz, the framed snappy sample, is what Commons Compress writes for secret.txt, the text every
 * cli.* sample holds: no Debian tool writes the snappy framing format (see make-samples.sh).
 */
class SnappySampleTest {
    @Test
    void javaSzIsCommonsCompressFramedSnappyOfTheSecretText() throws IOException {
        byte[] secret;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Fixtures.sample("cli.gz")))) {
            secret = in.readAllBytes();
        }
        assertEquals(12_745, secret.length);
        byte[] expected = Fixtures.bytes(o -> {
            try (FramedSnappyCompressorOutputStream z = new FramedSnappyCompressorOutputStream(o)) {
                z.write(secret);
            }
        });
        assertArrayEquals(expected, Fixtures.sample("java.sz"));
    }
}
