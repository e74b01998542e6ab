package io.packwatch.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** TLS handshake records for the test captures: a ClientHello with SNI, ALPN and supported_versions, a ServerHello. */
public final class TlsRecords {
    private TlsRecords() {
    }

    /** The ClientHello handshake message (type 1), without record framing. */
    public static byte[] clientHello(String serverName, String[] alpn, int[] versions) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        byte[] name = serverName.getBytes(StandardCharsets.US_ASCII);
        extension(ext, 0, Bytes.concat(u16(name.length + 3), new byte[] {0}, u16(name.length), name));
        ByteArrayOutputStream protos = new ByteArrayOutputStream();
        for (String p : alpn) {
            protos.write(p.length());
            protos.writeBytes(p.getBytes(StandardCharsets.US_ASCII));
        }
        extension(ext, 16, Bytes.concat(u16(protos.size()), protos.toByteArray()));
        ByteArrayOutputStream vs = new ByteArrayOutputStream();
        vs.write(versions.length * 2);
        for (int v : versions) {
            vs.writeBytes(u16(v));
        }
        extension(ext, 43, vs.toByteArray());
        extension(ext, 0x1A1A, new byte[0]); // a GREASE extension, as browsers send
        extension(ext, 21, new byte[600]); // padding, so the hello spans records
        byte[] ciphers = {0x13, 0x01, 0x13, 0x02, 0x13, 0x03, (byte) 0xC0, 0x2F};
        byte[] body = Bytes.concat(u16(0x0303), Payloads.pattern(3, 32), new byte[] {32}, Payloads.pattern(4, 32),
                u16(ciphers.length), ciphers, new byte[] {1, 0}, u16(ext.size()), ext.toByteArray());
        return handshake(1, body);
    }

    public static byte[] serverHello(int version, int cipher) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        extension(ext, 43, u16(version));
        byte[] body = Bytes.concat(u16(0x0303), Payloads.pattern(5, 32), new byte[] {32}, Payloads.pattern(4, 32),
                u16(cipher), new byte[] {0}, u16(ext.size()), ext.toByteArray());
        return handshake(2, body);
    }

    /** {@code message} in handshake records of at most {@code maxFragment} bytes each. */
    public static byte[] records(int type, byte[] message, int maxFragment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < message.length; off += maxFragment) {
            int n = Math.min(maxFragment, message.length - off);
            out.write(type);
            out.writeBytes(u16(0x0301));
            out.writeBytes(u16(n));
            out.write(message, off, n);
        }
        return out.toByteArray();
    }

    private static byte[] handshake(int type, byte[] body) {
        return Bytes.concat(new byte[] {(byte) type, (byte) (body.length >> 16), (byte) (body.length >> 8),
            (byte) body.length}, body);
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        out.writeBytes(u16(type));
        out.writeBytes(u16(data.length));
        out.writeBytes(data);
    }

    private static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }
}
