package io.packwatch.inspect;

import io.packwatch.inspect.format.Bin;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds archives wrapped in text encodings, as scripts send them: base64 (standard or URL-safe,
 * with or without line breaks), hex, and escaped byte strings ({@code \x1f\x8b...}, as Python
 * prints bytes). One pass classifies the window's bytes into runs of each alphabet; only runs
 * long enough to hold an archive header are decoded, and only their first few KiB, which the
 * wrapped detector then examines. Detections carry the encoding and the layer chain.
 */
public final class EncodedArchiveDetector implements Detector {
    /** Shortest run worth decoding: 24 base64 characters are 18 bytes, enough for any header. */
    static final int MIN_BASE64 = 24;
    static final int MIN_HEX = 32;
    static final int MIN_ESCAPED = 16;
    /** Decoded bytes handed to the inner detector per run: enough to validate, little work. */
    static final int DECODE_LIMIT = 4096;
    /** Runs decoded per window, so a window of many short tokens costs bounded work. */
    static final int MAX_RUNS = 16;
    /**
     * Decoded bytes searched for a format's start: scripts sometimes encode a short header or JSON
     * prefix together with the archive, so its magic need not start the decoded bytes.
     */
    static final int MAX_DECODED_PREFIX = 256;
    /** How far back from a run of {@code \x} escapes a Python bytes literal's {@code b'} may start. */
    static final int MAX_REPR_LEAD = 512;

    private static final byte[] B64 = new byte[256];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGHS = 0x8080808080808080L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long BELOW_PLUS = 0x2B2B2B2B2B2B2B2BL;
    private static final byte[] HEX = new byte[256];
    /**
     * For each byte of the base64 alphabets (standard and URL-safe), which parts of them it is in: {@link #UPPER},
     * {@link #LOWER} or {@link #OTHER}, {@link #URL_SAFE} for '-' and '_', and {@link #NOT_HEX} unless it is a hex
     * digit; 0 for every other byte.
     */
    private static final byte[] RUN_PARTS = new byte[256];
    private static final int UPPER = 1;
    private static final int LOWER = 2;
    private static final int OTHER = 4;
    /** Base64 of binary data mixes upper case, lower case and digits or symbols within a few dozen characters. */
    private static final int MIXED = UPPER | LOWER | OTHER;
    private static final int URL_SAFE = 8;
    private static final int NOT_HEX = 16;

    static {
        java.util.Arrays.fill(B64, (byte) -1);
        java.util.Arrays.fill(HEX, (byte) -1);
        String std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < std.length(); i++) {
            B64[std.charAt(i)] = (byte) i;
        }
        B64['+'] = 62;
        B64['/'] = 63;
        B64['-'] = 62;
        B64['_'] = 63;
        for (int i = 0; i < 16; i++) {
            HEX["0123456789abcdef".charAt(i)] = (byte) i;
            HEX["0123456789ABCDEF".charAt(i)] = (byte) i;
        }
        for (int c = 0; c < 256; c++) {
            if (B64[c] >= 0) {
                RUN_PARTS[c] = (byte) ((c >= 'A' && c <= 'Z' ? UPPER : c >= 'a' && c <= 'z' ? LOWER : OTHER)
                        | (c == '-' || c == '_' ? URL_SAFE : 0) | (HEX[c] >= 0 ? 0 : NOT_HEX));
            }
        }
    }

    private final Detector inner;

    /** Per-call buffers: the detector is one worker's, and its calls never nest. */
    private final byte[] decoded = new byte[DECODE_LIMIT];
    private final List<Detection> found = new ArrayList<>();

    public EncodedArchiveDetector(Detector inner) {
        this.inner = inner;
    }

    @Override
    public List<Detection> detect(byte[] data, int off, int len, boolean complete) {
        if (data == null || off < 0 || len <= 0 || off > data.length || len > data.length - off) {
            return inner.detect(data, off, len, complete);
        }
        return detect(data, off, len, complete, Bin.histogram(data, off, len));
    }

    @Override
    public List<Detection> detect(byte[] data, int off, int len, boolean complete, long[] histogram) {
        return detect(data, off, len, complete, histogram, null);
    }

    /** {@inheritDoc} Base64 and hex runs are searched for only inside the marked spans. */
    @Override
    public List<Detection> detect(byte[] data, int off, int len, boolean complete, long[] histogram,
                                  CandidateRuns spans) {
        if (spans != null && !spans.describe(data, off, len)) {
            spans = null;
        }
        List<Detection> raw = inner.detect(data, off, len, complete, histogram);
        for (Detection d : raw) {
            if (d.validated()) {
                // An archive in the clear is the finding; an encoded copy beside it adds little.
                return raw;
            }
        }
        List<Detection> out = found;
        out.clear();
        out.addAll(raw);
        int end = off + len;
        int runs = 0;
        int p = off;
        // Encoded binary mixes cases: a window without an upper-case letter holds only hex runs, of
        // MIN_HEX digits at least, so its shorter spans (most, in prose) need no look.
        boolean upper = histogram == null || anyOf(histogram, 'A', 'Z');
        int shortest = upper ? MIN_BASE64 : MIN_HEX;
        if (spans != null) {
            spans.rewind();
        }
        while (runs < MAX_RUNS
                && (p = spans != null ? spans.nextStart(p, shortest) : nextBase64Start(data, p, end)) >= 0) {
            long run = scanRun(data, p, end);
            int stop = (int) run;
            int parts = (int) (run >>> 32);
            boolean hex = (parts & NOT_HEX) == 0;
            if (!hex && !(upper && (parts & MIXED) == MIXED) || stop - p < shortest) {
                // A long word of one letter case is prose or an identifier, not encoded binary.
                p = stop;
                continue;
            }
            runs++;
            if (hex && stop - p >= MIN_HEX) {
                found(out, p - off, "hex", decodeHex(data, p, stop, decoded, DECODE_LIMIT), stop == end && complete);
            } else {
                found(out, p - off, (parts & URL_SAFE) != 0 ? "base64url" : "base64",
                        decodeBase64(data, p, stop, decoded, DECODE_LIMIT), stop == end && complete);
            }
            p = stop;
        }
        // Escapes need both bytes of their \x lead: the histogram rules most windows out at no cost.
        boolean escapes = histogram == null || histogram['\\'] > 0 && histogram['x'] > 0;
        for (int i = escapes ? nextEscape(data, off, end) : -1; i >= 0 && runs < MAX_RUNS;
                i = nextEscape(data, i + 1, end)) {
            // Python's repr prints printable bytes as themselves: the literal may start well before
            // the first escape (b'BZh91AY&SY\x08...'), so start at its b' when there is one
            int start = reprStart(data, off, i, end);
            int stop = scanEscaped(data, start, end, quoteBefore(data, off, start));
            if (stop - start >= MIN_ESCAPED * 4) {
                runs++;
                found(out, start - off, "escaped",
                        decodeEscaped(data, start, stop, decoded, DECODE_LIMIT), stop == end && complete);
            }
            i = Math.max(i, stop - 1);
        }
        if (out.isEmpty()) {
            return List.of();
        }
        out.sort(Detection.ORDER);
        return List.copyOf(out);
    }

    /**
     * The next {@code \x} at or after {@code i} with room for its two hex digits before {@code end}, or -1.
     * Tests eight bytes at a time for a backslash: ciphertext holds both bytes of the lead, so the histogram
     * does not rule the search out there, and a byte loop cost about a fifth of such a window's detection.
     */
    private static int nextEscape(byte[] b, int i, int end) {
        for (; i + 8 <= end; i += 8) {
            for (long zero = Bin.zeroByteLanes((long) LONGS.get(b, i) ^ BACKSLASHES); zero != 0; zero &= zero - 1) {
                int p = i + (Long.numberOfTrailingZeros(zero) >>> 3);
                if (p + 3 < end && b[p] == '\\' && b[p + 1] == 'x') {
                    return p;
                }
            }
        }
        for (; i + 3 < end; i++) {
            if (b[i] == '\\' && b[i + 1] == 'x') {
                return i;
            }
        }
        return -1;
    }

    private void found(List<Detection> out, long offset, String encoding, int decodedLen, boolean complete) {
        // Scripts encode the archive itself, maybe behind a short prefix; anything else in a long
        // token (ids, keys, hashes) is not worth a full detection pass.
        int at = formatStart(decodedLen);
        if (at < 0) {
            return;
        }
        for (Detection d : inner.detect(decoded, at, decodedLen - at, complete && decodedLen < DECODE_LIMIT)) {
            List<String> layers = new ArrayList<>(d.layers().size() + 1);
            layers.add(encoding);
            layers.addAll(d.layers());
            out.add(new Detection(d.format(), offset, encoding, List.copyOf(layers), d.validated(),
                    d.detail() + " at decoded offset " + (at + d.offset())));
        }
    }

    /** The first position in the decoded prefix where a format could start, or -1. */
    private int formatStart(int decodedLen) {
        for (int i = 0; i < Math.min(decodedLen, MAX_DECODED_PREFIX); i++) {
            if (inner.mayStartWithFormat(decoded, i, decodedLen - i)) {
                return i;
            }
        }
        return -1;
    }

    /** How a run of text that starts at {@code from} decoded: its bytes and where the run ended. */
    public record Run(int length, int stop) {
    }

    /**
     * Decodes the run of {@code encoding} (base64, base64url, hex, escaped) that starts at
     * {@code data[from]}, as {@link #detect} found it, into {@code out[0, limit)}.
     */
    public static Run decodeRun(String encoding, byte[] data, int from, int end, byte[] out, int limit) {
        return switch (encoding) {
            case "base64", "base64url" -> {
                int stop = (int) scanRun(data, from, end);
                yield new Run(decodeBase64(data, from, stop, out, limit), stop);
            }
            case "hex" -> {
                int stop = scanHex(data, from, end);
                yield new Run(decodeHex(data, from, stop, out, limit), stop);
            }
            case "escaped" -> {
                int stop = scanEscaped(data, from, end, quoteBefore(data, 0, from));
                yield new Run(decodeEscaped(data, from, stop, out, limit), stop);
            }
            default -> new Run(0, from);
        };
    }

    /**
     * Where the Python bytes literal holding the escape at {@code esc} starts (after its {@code b'}
     * or {@code b"}), or {@code esc} when there is none within {@link #MAX_REPR_LEAD} bytes.
     */
    private static int reprStart(byte[] b, int off, int esc, int end) {
        for (int j = esc - 1; j > off && j >= esc - MAX_REPR_LEAD; j--) {
            int c = b[j] & 0xFF;
            if (c < 0x20 || c >= 0x7F) {
                break;
            }
            if ((c == '\'' || c == '"') && b[j - 1] == 'b' && scanEscaped(b, j + 1, end, c) > esc) {
                return j + 1;
            }
        }
        return esc;
    }

    /** The quote of a bytes literal that starts at {@code p} ({@code b'} or {@code b"} before it), or 0. */
    private static int quoteBefore(byte[] b, int off, int p) {
        if (p - 2 >= off && b[p - 2] == 'b' && (b[p - 1] == '\'' || b[p - 1] == '"')) {
            return b[p - 1];
        }
        return 0;
    }

    /**
     * The first position at or after {@code from} where {@value #MIN_BASE64} base64 characters
     * begin, or -1. A forward pass eight bytes at a time: a word test finds the bytes below '+'
     * (0x2B) or with the high bit set, which are outside the alphabet and separate the words of
     * text, and counts the bytes since the last of them; only when that count reaches
     * {@value #MIN_BASE64} does the exact table look at them. Successive words do not wait on each
     * other, unlike a skip search whose next load depends on the last result.
     */
    static int nextBase64Start(byte[] b, int from, int end) {
        int run = 0; // bytes just before i that the word test could not rule out
        int i = from;
        for (; i <= end - 8; i += 8) {
            long outside = outsideLanes((long) LONGS.get(b, i));
            int before = Long.numberOfTrailingZeros(outside) >>> 3; // lanes before the first outside one (8: none)
            if (run + before >= MIN_BASE64) {
                int r = exactRun(b, i - run, i + before);
                if (r >= 0) {
                    return r;
                }
                run = -1 - r - before; // what ends the span, less this word's part, added back below
            }
            run = runAfter(run, outside);
        }
        for (; i < end; i++) {
            if (B64[b[i] & 0xFF] < 0) {
                run = 0;
            } else if (++run >= MIN_BASE64) {
                int r = exactRun(b, i + 1 - run, i + 1);
                if (r >= 0) {
                    return r;
                }
                run = -1 - r;
            }
        }
        return -1;
    }

    /**
     * The run of bytes the word test cannot rule out, after a word whose outside lanes are
     * {@code outside}: grown by 8 through a word with none, else restarted after its last one.
     * Without a branch: text has a separator in most words, but not in a predictable few.
     */
    static int runAfter(int run, long outside) {
        int none = (int) (((outside | -outside) >>> 63) ^ 1);
        return (Long.numberOfLeadingZeros(outside) >>> 3) + (run & -none);
    }

    /**
     * The high bit of each lane of the little-endian word {@code x} whose byte is below '+' (0x2B)
     * or has the high bit set: outside the base64 and hex alphabets, and what separates the words
     * of text. Exact per lane (no borrow crosses lanes).
     */
    static long outsideLanes(long x) {
        return (~((x | HIGHS) - BELOW_PLUS) | x) & HIGHS;
    }

    /**
     * The start of the first {@value #MIN_BASE64} base64 characters in {@code [from, to)} by the
     * exact table, or {@code -1 - n} where n is how many end the span.
     */
    private static int exactRun(byte[] b, int from, int to) {
        int run = 0;
        for (int i = from; i < to; i++) {
            if (B64[b[i] & 0xFF] < 0) {
                run = 0;
            } else if (++run == MIN_BASE64) {
                return i + 1 - MIN_BASE64;
            }
        }
        return -1 - run;
    }

    /** Whether the histogram counts any byte in {@code [from, to]}. */
    private static boolean anyOf(long[] histogram, int from, int to) {
        for (int v = from; v <= to; v++) {
            if (histogram[v] > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The run of base64 characters from {@code p}, allowing line breaks inside it ('=' padding ends it), and in the
     * same pass which parts of the alphabets it holds: its end in the low 32 bits, the {@link #RUN_PARTS} of its
     * bytes or'ed in the high ones ({@link #NOT_HEX} for a line break or padding too).
     */
    private static long scanRun(byte[] b, int p, int end) {
        int parts = 0;
        while (p < end) {
            int c = b[p] & 0xFF;
            int k = RUN_PARTS[c];
            if (k != 0) {
                parts |= k;
                p++;
            } else if ((c == '\n' || c == '\r') && p + 1 < end && B64[b[p + 1] & 0xFF] >= 0) {
                parts |= NOT_HEX;
                p++;
            } else if (c == '=') {
                parts |= NOT_HEX;
                while (p < end && b[p] == '=') {
                    p++;
                }
                break;
            } else {
                break;
            }
        }
        return (long) parts << 32 | p;
    }

    private static int scanHex(byte[] b, int p, int end) {
        while (p < end && HEX[b[p] & 0xFF] >= 0) {
            p++;
        }
        return p;
    }

    /**
     * End of a run of {@code \xHH} escapes mixed with printable characters (Python's bytes repr).
     * {@code quote} is the literal's quote, which ends it (the other one is a plain character); 0
     * when unknown, and then both end it.
     */
    private static int scanEscaped(byte[] b, int p, int end, int quote) {
        while (p < end) {
            if (b[p] == '\\' && p + 3 < end && b[p + 1] == 'x' && HEX[b[p + 2] & 0xFF] >= 0
                    && HEX[b[p + 3] & 0xFF] >= 0) {
                p += 4;
            } else if (b[p] == '\\' && p + 1 < end && "nrt\\'\"0".indexOf(b[p + 1]) >= 0) {
                p += 2;
            } else if (b[p] >= 0x20 && b[p] < 0x7F && b[p] != '\\' && b[p] != quote
                    && (quote != 0 || b[p] != '\'' && b[p] != '"')) {
                p++;
            } else {
                break;
            }
        }
        return p;
    }

    private static int decodeBase64(byte[] b, int p, int end, byte[] decoded, int limit) {
        int n = 0;
        int acc = 0;
        int bits = 0;
        for (int i = p; i < end && n < limit; i++) {
            int v = B64[b[i] & 0xFF];
            if (v < 0) {
                if (b[i] == '=') {
                    break;
                }
                continue; // line breaks
            }
            acc = acc << 6 | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                decoded[n++] = (byte) (acc >> bits);
            }
        }
        return n;
    }

    private static int decodeHex(byte[] b, int p, int end, byte[] decoded, int limit) {
        int n = 0;
        for (int i = p; i + 1 < end && n < limit; i += 2) {
            decoded[n++] = (byte) (HEX[b[i] & 0xFF] << 4 | HEX[b[i + 1] & 0xFF]);
        }
        return n;
    }

    private static int decodeEscaped(byte[] b, int p, int end, byte[] decoded, int limit) {
        int n = 0;
        for (int i = p; i < end && n < limit; ) {
            if (b[i] == '\\' && b[i + 1] == 'x') {
                decoded[n++] = (byte) (HEX[b[i + 2] & 0xFF] << 4 | HEX[b[i + 3] & 0xFF]);
                i += 4;
            } else if (b[i] == '\\') {
                char c = (char) b[i + 1];
                decoded[n++] = (byte) (c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c == '0' ? 0 : c);
                i += 2;
            } else {
                decoded[n++] = b[i++];
            }
        }
        return n;
    }
}
