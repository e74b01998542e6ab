package io.packwatch.testkit;

import static io.packwatch.testkit.Payloads.ascii;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.Deflater;

/** WebSocket (RFC 6455) frames, permessage-deflate (RFC 7692) payloads and the upgrade handshake, for captures. */
public final class WebSocketFrames {
    public static final int CONTINUATION = 0;
    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;
    /** The nonce of RFC 6455 §1.3's example, so its accept value can be checked. */
    public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketFrames() {
    }

    /**
     * One frame: the shortest length form (7, 16 or 64 bits) for the payload, masked with {@code maskKey} when not
     * null (clients must mask, servers must not).
     */
    public static byte[] frame(int opcode, boolean fin, boolean rsv1, Integer maskKey, byte[] payload) {
        byte[] head = header(opcode, fin, rsv1, maskKey, payload.length);
        byte[] out = Arrays.copyOf(head, head.length + payload.length);
        for (int i = 0; i < payload.length; i++) {
            // the key's bytes in order, restarting at each frame's first payload byte
            int k = maskKey == null ? 0 : maskKey >>> (24 - 8 * (i & 3)) & 0xff;
            out[head.length + i] = (byte) (payload[i] ^ k);
        }
        return out;
    }

    /**
     * A frame header alone, for any length and bits: what follows it is up to the caller (bad frames, or a payload
     * sent as is behind a header that claims it).
     */
    public static byte[] header(int opcode, boolean fin, boolean rsv1, Integer maskKey, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(14);
        out.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode & 0x0f);
        int maskBit = maskKey != null ? 0x80 : 0;
        if (length <= 125) {
            out.write(maskBit | (int) length);
        } else if (length <= 0xffff) {
            out.write(maskBit | 126);
            out.write((int) (length >>> 8));
            out.write((int) length);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift));
            }
        }
        if (maskKey != null) {
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write(maskKey >>> shift);
            }
        }
        return out.toByteArray();
    }

    /** A whole message in one frame. */
    public static byte[] message(int opcode, Integer maskKey, byte[] payload) {
        return frame(opcode, true, false, maskKey, payload);
    }

    /**
     * A permessage-deflate message payload (RFC 7692 §7.2.1): the message deflated and sync-flushed, the flush's
     * empty stored block {@code 00 00 FF FF} removed. The deflater must be raw ({@code nowrap}); reusing it for
     * the next message is context takeover.
     */
    public static byte[] compress(Deflater d, byte[] message) {
        d.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        // the flush is complete once a call leaves room in the buffer with all input taken (a call right after
        // setLevel only changes the parameters)
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length || !d.needsInput());
        byte[] b = out.toByteArray();
        int end = b.length - 4;
        if (end < 0 || b[end] != 0 || b[end + 1] != 0 || b[end + 2] != (byte) 0xff || b[end + 3] != (byte) 0xff) {
            throw new IllegalStateException("a sync flush ends in 00 00 FF FF");
        }
        return Arrays.copyOf(b, end);
    }

    /** A raw deflater as browsers use for permessage-deflate. */
    public static Deflater deflater() {
        return new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    }

    /** The client's upgrade request; {@code extensions} is its Sec-WebSocket-Extensions offer, or null. */
    public static byte[] upgradeRequest(String path, String extensions) {
        return ascii("GET " + path + " HTTP/1.1\r\nHost: " + HttpSamples.HOST + "\r\nUser-Agent: " + HttpSamples.UA
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY
                + "\r\nSec-WebSocket-Version: 13\r\n"
                + (extensions != null ? "Sec-WebSocket-Extensions: " + extensions + "\r\n" : "") + "\r\n");
    }

    /** The server's 101 to {@code Upgrade: websocket}; {@code extensions} is what it agreed to, or null. */
    public static byte[] switchingProtocols(String extensions) {
        return switchingProtocols("websocket", extensions);
    }

    /** A 101 to any protocol; to websocket with the Sec-WebSocket-Accept of {@link #KEY}. */
    public static byte[] switchingProtocols(String upgrade, String extensions) {
        return ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: " + upgrade + "\r\nConnection: Upgrade\r\n"
                + (upgrade.equals("websocket") ? "Sec-WebSocket-Accept: " + accept(KEY) + "\r\n" : "")
                + (extensions != null ? "Sec-WebSocket-Extensions: " + extensions + "\r\n" : "") + "\r\n");
    }

    /** RFC 6455 §4.2.2: base64 of the SHA-1 of the client's key and the protocol's GUID. */
    public static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
