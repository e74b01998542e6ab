package io.packwatch.inspect;

import java.util.ArrayList;
import java.util.Comparator;
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

    private static final byte[] B64 = new byte[256];
    private static final byte[] HEX = new byte[256];

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
    }

    private final Detector inner;
    private final byte[] decoded = new byte[DECODE_LIMIT];

    public EncodedArchiveDetector(Detector inner) {
        this.inner = inner;
    }

    @Override
    public List<Detection> detect(byte[] data, int off, int len, boolean complete) {
        List<Detection> raw = inner.detect(data, off, len, complete);
        for (Detection d : raw) {
            if (d.validated()) {
                // An archive in the clear is the finding; an encoded copy beside it adds little.
                return raw;
            }
        }
        List<Detection> out = new ArrayList<>(raw);
        int end = off + len;
        int runs = 0;
        for (int p = off; p < end && runs < MAX_RUNS; ) {
            int c = data[p] & 0xFF;
            if (c == '\\' && p + 3 < end && data[p + 1] == 'x') {
                int stop = scanEscaped(data, p, end);
                if (stop - p >= MIN_ESCAPED * 4) {
                    runs++;
                    int n = decodeEscaped(data, p, stop);
                    found(out, p - off, "escaped", n, stop == end && complete);
                }
                p = Math.max(stop, p + 1);
            } else if (B64[c] >= 0) {
                int stop = scanBase64(data, p, end);
                int hexStop = scanHex(data, p, stop);
                if (hexStop - p >= MIN_HEX && hexStop == stop) {
                    runs++;
                    int n = decodeHex(data, p, hexStop);
                    found(out, p - off, "hex", n, stop == end && complete);
                } else if (stop - p >= MIN_BASE64) {
                    runs++;
                    boolean url = false;
                    int n = decodeBase64(data, p, stop);
                    for (int i = p; i < stop && !url; i++) {
                        url = data[i] == '-' || data[i] == '_';
                    }
                    found(out, p - off, url ? "base64url" : "base64", n, stop == end && complete);
                }
                p = stop;
            } else {
                p++;
            }
        }
        out.sort(Comparator.comparing((Detection d) -> !d.validated()).thenComparingLong(Detection::offset));
        return out;
    }

    private void found(List<Detection> out, long offset, String encoding, int decodedLen, boolean complete) {
        if (decodedLen <= 0) {
            return;
        }
        for (Detection d : inner.detect(decoded, 0, decodedLen, complete && decodedLen < DECODE_LIMIT)) {
            List<String> layers = new ArrayList<>(d.layers().size() + 1);
            layers.add(encoding);
            layers.addAll(d.layers());
            out.add(new Detection(d.format(), offset, encoding, List.copyOf(layers), d.validated(),
                    d.detail() + " at decoded offset " + d.offset()));
        }
    }

    /** End of a run of base64 characters, allowing line breaks inside it; '=' padding ends it. */
    private static int scanBase64(byte[] b, int p, int end) {
        while (p < end) {
            int c = b[p] & 0xFF;
            if (B64[c] >= 0 || (c == '\n' || c == '\r') && p + 1 < end && B64[b[p + 1] & 0xFF] >= 0) {
                p++;
            } else if (c == '=') {
                while (p < end && b[p] == '=') {
                    p++;
                }
                break;
            } else {
                break;
            }
        }
        return p;
    }

    private static int scanHex(byte[] b, int p, int end) {
        while (p < end && HEX[b[p] & 0xFF] >= 0) {
            p++;
        }
        return p;
    }

    /** End of a run of {@code \xHH} escapes mixed with printable characters (Python's bytes repr). */
    private static int scanEscaped(byte[] b, int p, int end) {
        while (p < end) {
            if (b[p] == '\\' && p + 3 < end && b[p + 1] == 'x' && HEX[b[p + 2] & 0xFF] >= 0
                    && HEX[b[p + 3] & 0xFF] >= 0) {
                p += 4;
            } else if (b[p] == '\\' && p + 1 < end && "nrt\\'\"0".indexOf(b[p + 1]) >= 0) {
                p += 2;
            } else if (b[p] >= 0x20 && b[p] < 0x7F && b[p] != '\\' && b[p] != '\'' && b[p] != '"') {
                p++;
            } else {
                break;
            }
        }
        return p;
    }

    private int decodeBase64(byte[] b, int p, int end) {
        int n = 0;
        int acc = 0;
        int bits = 0;
        for (int i = p; i < end && n < DECODE_LIMIT; i++) {
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

    private int decodeHex(byte[] b, int p, int end) {
        int n = 0;
        for (int i = p; i + 1 < end && n < DECODE_LIMIT; i += 2) {
            decoded[n++] = (byte) (HEX[b[i] & 0xFF] << 4 | HEX[b[i + 1] & 0xFF]);
        }
        return n;
    }

    private int decodeEscaped(byte[] b, int p, int end) {
        int n = 0;
        for (int i = p; i < end && n < DECODE_LIMIT; ) {
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
