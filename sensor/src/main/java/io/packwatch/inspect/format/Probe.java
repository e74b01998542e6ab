package io.packwatch.inspect.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Bounded trial decoding. */
final class Probe {
    /** Output decoded before a prefix counts as valid. */
    static final int OUTPUT_LIMIT = 1024;
    /** When the input runs out first, at least this much input must have decoded without error. */
    static final int MIN_TRUNCATED_INPUT = 32;

    /** One inflater per thread and kind, reused: creating one costs more than a failed trial. */
    private static final ThreadLocal<Inflater> RAW = ThreadLocal.withInitial(() -> new Inflater(true));
    private static final ThreadLocal<Inflater> ZLIB = ThreadLocal.withInitial(() -> new Inflater(false));

    private Probe() {
    }

    /** Outcome of a trial decode. */
    enum Status { OK, TRUNCATED, ERROR }

    record Result(Status status, long out, long in, boolean finished) {
        boolean accepted() {
            return status == Status.OK || status == Status.TRUNCATED && in >= MIN_TRUNCATED_INPUT && out > 0;
        }
    }

    /**
     * Inflates up to {@link #OUTPUT_LIMIT} bytes of a deflate ({@code nowrap}) or zlib stream.
     * OK when the limit was reached or the stream finished (zlib: Adler-32 checked by the Inflater).
     */
    static Result inflate(byte[] b, int p, int end, boolean nowrap) {
        if (p >= end) {
            return new Result(Status.TRUNCATED, 0, 0, false);
        }
        Inflater inf = (nowrap ? RAW : ZLIB).get();
        inf.reset();
        try {
            inf.setInput(b, p, end - p);
            byte[] out = new byte[512];
            long total = 0;
            for (int guard = 0; guard < 64 && total < OUTPUT_LIMIT; guard++) {
                int n = inf.inflate(out);
                total += n;
                if (inf.finished()) {
                    return new Result(Status.OK, total, inf.getBytesRead(), true);
                }
                if (inf.needsDictionary()) {
                    return new Result(Status.ERROR, total, inf.getBytesRead(), false);
                }
                if (n == 0 && inf.needsInput()) {
                    return new Result(Status.TRUNCATED, total, inf.getBytesRead(), false);
                }
            }
            return new Result(total >= OUTPUT_LIMIT ? Status.OK : Status.ERROR, total, inf.getBytesRead(), false);
        } catch (DataFormatException | RuntimeException e) {
            return new Result(Status.ERROR, 0, 0, false);
        } finally {
            inf.reset(); // drop the reference to the caller's buffer state
        }
    }

    /** Opens a decoder over a byte range; may throw on a bad header. */
    interface Opener {
        InputStream open(InputStream in) throws IOException;
    }

    /**
     * Reads up to {@code limit} bytes from a decoder opened over {@code b[p, end)}. TRUNCATED when the
     * decoder failed after the input ran out (or returned EOF because of it).
     */
    static Result stream(byte[] b, int p, int end, int limit, Opener opener) {
        ByteSource src = new ByteSource(b, p, end);
        long total = 0;
        try (InputStream in = opener.open(src)) {
            byte[] out = new byte[Math.min(limit, 4096)];
            for (int guard = 0; guard < 10_000 && total < limit; guard++) {
                int n = in.read(out, 0, (int) Math.min(out.length, limit - total));
                if (n < 0) {
                    return new Result(src.hitEnd() ? Status.TRUNCATED : Status.OK, total, src.consumed(), true);
                }
                total += n;
            }
            return new Result(total >= limit ? Status.OK : Status.ERROR, total, src.consumed(), false);
        } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // OutOfMemoryError can only come from a decoder's own constant-size tables here
            return new Result(src.hitEnd() ? Status.TRUNCATED : Status.ERROR, total, src.consumed(), false);
        }
    }
}
