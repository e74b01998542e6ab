package io.packwatch.inspect.entropy;

import java.io.PrintStream;
import java.io.FileOutputStream;
import java.util.List;

/**
 * Calibration helper (not a test): writes the features of every sample of a corpus as CSV, for choosing the
 * classifier's thresholds. Run on the TRAINING seed only:
 * {@code java -cp ... io.packwatch.inspect.entropy.FeatureDump OUT.csv [seed] [perKind]}.
 */
public final class FeatureDump {
    private FeatureDump() {
    }

    public static void main(String[] args) throws Exception {
        long seed = args.length > 1 ? Long.parseLong(args[1]) : CorpusGenerator.TRAINING_SEED;
        int perKind = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        List<CorpusGenerator.Sample> corpus = new CorpusGenerator(seed, perKind).generate();
        ByteStats s = new ByteStats();
        try (PrintStream out = new PrintStream(new FileOutputStream(args[0]), false, "UTF-8")) {
            out.println("truth,format,kind,size,cut,entropy,entc,chiz,scc,mcz,nontext,utf8imb,printable,mono,"
                    + "bitpos,nib,runs,bitser,maxf,s3,s4,s5,s6,s7");
            for (CorpusGenerator.Sample x : corpus) {
                s.reset();
                s.update(x.data(), 0, x.data().length);
                out.printf(java.util.Locale.ROOT,
                        "%s,%s,%s,%d,%s,%.5f,%.5f,%.4f,%.6f,%.4f,%.5f,%.5f,%.5f,%.4f,%.4f,%.4f,%.4f,%.4f,%.5f,"
                                + "%.4f,%.4f,%.4f,%.4f,%.4f%n",
                        x.truth(), x.format(), x.kind(), x.size(), x.cut(), s.entropy(), s.entropyCorrected(),
                        s.chiSquareZ(), s.serialCorrelation(), s.monteCarloZ(), s.nonTextFraction(),
                        s.utf8Imbalance(), s.printableAscii(), s.monobitZ(), s.bitPositionZ(), s.nibbleZ(),
                        s.runsZ(), s.bitSerialZ(), s.maxFrequency(), s.bitSerialZ(3), s.bitSerialZ(4),
                        s.bitSerialZ(5), s.bitSerialZ(6), s.bitSerialZ(7));
            }
        }
    }
}
