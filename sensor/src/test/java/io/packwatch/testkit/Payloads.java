package io.packwatch.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Deterministic, documented payloads, so tests can recompute expected streams byte-for-byte.
 * pattern(seed, n): byte i is ALPHABET[(seed + i) % 62] (ASCII letters and digits, never punctuation),
 * which keeps the bytes printable and lets deliberately conflicting bytes ('!', '#', '$', '%', ...) stand out.
 */
public final class Payloads {
    public static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Payloads() {
    }

    public static byte[] pattern(int seed, int length) {
        return pattern(seed, 0, length);
    }

    /** The bytes at stream offsets [offset, offset+length) of pattern(seed, ...). */
    public static byte[] pattern(int seed, long offset, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ALPHABET.charAt((int) ((seed + offset + i) % ALPHABET.length()));
        }
        return b;
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] fill(char c, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) c);
        return b;
    }

    /** "GET {path} HTTP/1.1", then Host, "User-Agent: packwatch-testkit" and a catch-all Accept header, CRLF-ended. */
    public static byte[] httpGet(String host, String path) {
        return ascii("GET " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nUser-Agent: packwatch-testkit\r\nAccept: */*\r\n\r\n");
    }

    /** Response header "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: n\r\n\r\n" + pattern(seed, n). */
    public static byte[] httpResponse(int seed, int bodyLength) {
        return Bytes.concat(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + bodyLength
                + "\r\n\r\n"), pattern(seed, bodyLength));
    }

    /** "POST {path} HTTP/1.1", Host, "Content-Type: application/octet-stream", Content-Length, then pattern body. */
    public static byte[] httpPost(String host, String path, int seed, int bodyLength) {
        return Bytes.concat(ascii("POST " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + bodyLength + "\r\n\r\n"),
                pattern(seed, bodyLength));
    }

    /** Returns a copy of data with [from, from+replacement.length) overwritten; builds expected streams. */
    public static byte[] overwrite(byte[] data, int from, byte[] replacement) {
        byte[] out = data.clone();
        System.arraycopy(replacement, 0, out, from, replacement.length);
        return out;
    }
}
