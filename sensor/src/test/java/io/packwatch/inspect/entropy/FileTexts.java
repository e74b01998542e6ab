package io.packwatch.inspect.entropy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Plaintexts from files, for a corpus of real text: each directory is one text kind (named after it), and a
 * plaintext is its text files laid end to end from a random one. Files that are not text to the classifier's
 * own rule ({@link DataClassifier#isText}) are skipped, so a directory may hold anything; {@code .gz} files are
 * read decompressed (man pages). At most {@link #MAX_BYTES_PER_KIND} of text is read per directory.
 */
final class FileTexts implements CorpusGenerator.TextSource {
    static final int MAX_BYTES_PER_KIND = 32 << 20;
    private static final int MAX_FILE = 8 << 20;

    private final Map<String, List<byte[]>> files = new LinkedHashMap<>();
    private final Map<String, Long> bytes = new LinkedHashMap<>();
    private final Map<String, Path> dirs = new LinkedHashMap<>();
    private int skipped;

    FileTexts(List<Path> directories) throws IOException {
        ByteStats stats = new ByteStats();
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                throw new IOException(dir + " is not a directory");
            }
            String kind = dir.toAbsolutePath().normalize().getFileName().toString();
            if (files.containsKey(kind)) {
                throw new IOException("two directories are named " + kind + "; a kind is named after its directory");
            }
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
                paths = walk.filter(Files::isRegularFile).sorted().toList();
            }
            List<byte[]> texts = new ArrayList<>();
            long total = 0;
            for (Path p : paths) {
                if (total >= MAX_BYTES_PER_KIND) {
                    break;
                }
                byte[] b = read(p);
                stats.reset();
                stats.updateHistogram(b, 0, b.length);
                if (b.length == 0 || !DataClassifier.isText(stats)) {
                    skipped++;
                    continue;
                }
                texts.add(b);
                total += b.length;
            }
            files.put(kind, texts);
            bytes.put(kind, total);
            dirs.put(kind, dir);
        }
    }

    private static byte[] read(Path p) throws IOException {
        try (InputStream raw = Files.newInputStream(p);
             InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            for (int n; out.size() < MAX_FILE && (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            return new byte[0]; // unreadable or not really gzip: not text
        }
    }

    @Override
    public List<String> kinds() {
        return List.copyOf(files.keySet());
    }

    /** Text bytes read for {@code kind}. */
    long bytes(String kind) {
        return bytes.get(kind);
    }

    /** Files left out as not text (or unreadable), over all directories. */
    int skipped() {
        return skipped;
    }

    @Override
    public byte[] text(String kind, Random rnd, int minBytes) throws IOException {
        List<byte[]> texts = files.get(kind);
        if (bytes.get(kind) < minBytes) {
            // Repeating the text would make it compress better than any real text does.
            throw new IOException(dirs.get(kind) + " holds " + bytes.get(kind) + " bytes of text; a sample needs "
                    + minBytes + " (its compressed form must pass " + CorpusGenerator.MIN_STREAM
                    + " bytes): add files or leave the directory out");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(minBytes + MAX_FILE);
        for (int i = rnd.nextInt(texts.size()); out.size() < minBytes; i = (i + 1) % texts.size()) {
            out.write(texts.get(i));
        }
        return out.toByteArray();
    }
}
