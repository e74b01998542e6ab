package io.packwatch.inspect.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTextsTest {
    @TempDir
    Path tmp;

    private static byte[] words(int n, long seed) {
        return Texts.generate("english", new Random(seed), n).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void directoriesAreKindsAndOnlyTheirTextIsRead() throws IOException {
        Path notes = Files.createDirectories(tmp.resolve("notes"));
        Path sub = Files.createDirectories(notes.resolve("deeper"));
        byte[] a = words(40_000, 1);
        byte[] b = words(30_000, 2);
        Files.write(notes.resolve("a.txt"), a);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(sub.resolve("b.txt.gz")))) {
            gz.write(b);
        }
        byte[] binary = new byte[20_000];
        new Random(3).nextBytes(binary);
        Files.write(notes.resolve("c.bin"), binary);
        Files.write(notes.resolve("empty"), new byte[0]);
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Files.write(logs.resolve("x.log"), words(10_000, 4));

        FileTexts texts = new FileTexts(List.of(notes, logs));
        assertEquals(List.of("notes", "logs"), texts.kinds());
        assertEquals(a.length + b.length, texts.bytes("notes"), "the text file and the gzip one, decompressed");
        assertEquals(2, texts.skipped(), "random bytes and the empty file are not text");

        byte[] t = texts.text("notes", new Random(5), 50_000);
        assertTrue(t.length >= 50_000);
        // files laid end to end from a random one: the text starts with one of them whole
        byte[] head = java.util.Arrays.copyOf(t, 1000);
        assertTrue(java.util.Arrays.equals(head, java.util.Arrays.copyOf(a, 1000))
                || java.util.Arrays.equals(head, java.util.Arrays.copyOf(b, 1000)));
        assertArrayEquals(t, texts.text("notes", new Random(5), 50_000), "the same random choice, the same text");
    }

    @Test
    void tooLittleTextIsAClearError() throws IOException {
        Path small = Files.createDirectories(tmp.resolve("small"));
        Files.write(small.resolve("a.txt"), words(5_000, 6));
        FileTexts texts = new FileTexts(List.of(small));
        IOException e = assertThrows(IOException.class, () -> texts.text("small", new Random(1), 1 << 20));
        assertTrue(e.getMessage().contains("add files or leave the directory out"), e.getMessage());
        assertThrows(IOException.class, () -> new FileTexts(List.of(small.resolve("a.txt"))));
        assertThrows(IOException.class, () -> new FileTexts(List.of(small, small)), "two kinds of one name");
    }

    @Test
    void aCorpusOfFilesHasTheGeneratedCorpusShape() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("prose"));
        for (int i = 0; i < 40; i++) {
            Files.write(dir.resolve("f" + i + ".txt"), words(100_000, 10 + i));
        }
        List<CorpusGenerator.Sample> corpus = new CorpusGenerator(7, 1, new FileTexts(List.of(dir))).generate();
        // one plaintext: five sizes, each a plaintext, three compressed cuts and a ciphertext
        assertEquals(5 * 5, corpus.size());
        assertTrue(corpus.stream().allMatch(s -> s.kind().equals("prose") && s.data().length == s.size()));
        assertEquals(5, corpus.stream().filter(s -> s.truth() == DataClass.PLAINTEXT).count());
    }
}
