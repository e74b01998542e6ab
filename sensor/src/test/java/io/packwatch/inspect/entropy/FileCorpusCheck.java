package io.packwatch.inspect.entropy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The confusion tables of {@link ConfusionTableTest} on real text instead of the generated corpus: each directory
 * named is one text kind, compressed in every corpus format and encrypted with every corpus cipher, exactly as the
 * generated corpus is ({@link CorpusGenerator} with {@link FileTexts}). It shows how the classifier, calibrated on
 * synthetic text, does on a site's own documents. Run by {@code sensor/bin/bench fragments DIR...}:
 * <pre>
 * FileCorpusCheck [--per N] [--seed S] [--out FILE] DIR...
 * </pre>
 * {@code --per} is the number of plaintexts per directory (default 18: each format twice); each needs about
 * 1-3 MiB of text, fewer distinct ones than that reuse overlapping text.
 */
public final class FileCorpusCheck {
    private FileCorpusCheck() {
    }

    public static void main(String[] args) throws Exception {
        int per = 18;
        long seed = CorpusGenerator.EVALUATION_SEED;
        Path out = Path.of(System.getProperty("packwatch.root", "."), "sensor", "target", "confusion-table-files.md");
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--per" -> per = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> dirs.add(Path.of(args[i]));
            }
        }
        if (dirs.isEmpty() || per < 1) {
            System.err.println("usage: FileCorpusCheck [--per N] [--seed S] [--out FILE] DIR...");
            System.exit(2);
        }
        FileTexts texts = new FileTexts(dirs);
        StringBuilder intro = new StringBuilder("Plaintexts from files (seed " + seed + ", " + per
                + " per directory; " + texts.skipped() + " files skipped as not text):");
        for (String kind : texts.kinds()) {
            intro.append(' ').append(kind).append(" (").append(texts.bytes(kind) >> 10).append(" KiB)");
        }
        intro.append('.');
        List<CorpusGenerator.Sample> corpus = new CorpusGenerator(seed, per, texts).generate();
        ConfusionTable.Report report = ConfusionTable.evaluate(corpus, intro.toString());
        System.out.println(report.markdown());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.markdown(), StandardCharsets.UTF_8);
        System.err.println("written to " + out);
    }
}
