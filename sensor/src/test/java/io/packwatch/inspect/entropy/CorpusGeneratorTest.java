package io.packwatch.inspect.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.junit.jupiter.api.Test;

class CorpusGeneratorTest {
    @Test
    void lz4FrameDecodesWithCommonsCompress() throws IOException {
        for (String kind : CorpusGenerator.KINDS) {
            byte[] text = Texts.generate(kind, new Random(5), 200_000).getBytes(StandardCharsets.UTF_8);
            byte[] packed = Lz4Frame.compress(text);
            try (FramedLZ4CompressorInputStream in =
                         new FramedLZ4CompressorInputStream(new ByteArrayInputStream(packed))) {
                assertArrayEquals(text, in.readAllBytes(), kind);
            }
        }
        byte[] random = new byte[100_000];
        new Random(6).nextBytes(random);
        try (FramedLZ4CompressorInputStream in =
                     new FramedLZ4CompressorInputStream(new ByteArrayInputStream(Lz4Frame.compress(random)))) {
            assertArrayEquals(random, in.readAllBytes());
        }
    }

    @Test
    void deterministicAndSized() {
        var a = new CorpusGenerator(3, 1).generate();
        var b = new CorpusGenerator(3, 1).generate();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).data(), b.get(i).data());
            assertEquals(a.get(i).size(), a.get(i).data().length);
        }
        // per text kind and size: plaintext, compressed fragment, with header, from the stream start, ciphertext
        assertEquals(CorpusGenerator.KINDS.size() * CorpusGenerator.SIZES.length * 5, a.size());
    }
}
