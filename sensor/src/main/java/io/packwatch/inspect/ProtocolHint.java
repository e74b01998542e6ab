package io.packwatch.inspect;

import io.packwatch.inspect.format.Bin;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Recognizes streams that are encrypted by design, so that their randomness is never mistaken for encrypted data being
 * smuggled out: SSH by its banner, TLS by its records, OpenVPN by its packets, encrypted SMB 3 by its transform frames;
 * and HTTP bodies that WinRM sealed, by their declared type and layout. A TLS stream is a run of records, each a 5-byte
 * header (content type 20-24, version 3.x, length) and that many bytes, back to back; a stream is TLS when the records
 * that fit in its window chain that way:
 * <ul>
 *   <li>from its first byte (the usual case): one header is enough, but every later one in the window must
 *       be a header too, so five bytes of a TLS header in front of something else do not pass;
 *   <li>or from inside the window, where the stream's start was not seen (a flow picked up mid-stream, the
 *       bytes after a gap) or the stream turns to TLS (STARTTLS): at least two headers, the first within the
 *       longest record's reach of the start, or one whose record ends the whole object.
 * </ul>
 * Random bytes chain two headers about once in 10^13 positions.
 */
public final class ProtocolHint {
    private static final int RECORD_HEADER = 5;
    /** The longest TLS record: 2^14 bytes of plaintext expanded by up to 2,048 (RFC 5246 §6.2.3). */
    private static final int MAX_RECORD = 16384 + 2048;

    private ProtocolHint() {
    }

    /**
     * "tls", "ssh", "openvpn", "smb", or null.
     *
     * @param complete whether {@code b[0, len)} is the whole object
     * @param histogram the window's byte counts; the search inside the window runs only when it has the 3 of
     *     a TLS version
     */
    public static String of(byte[] b, int len, boolean complete, long[] histogram) {
        if (len >= RECORD_HEADER && recordsFrom(b, 0, len) > 0) {
            return "tls";
        }
        if (len >= 4 && b[0] == 'S' && b[1] == 'S' && b[2] == 'H' && b[3] == '-') {
            return "ssh";
        }
        if (openvpnFromStart(b, len)) {
            return "openvpn";
        }
        if (smbTransformsFrom(b, 0, len) > 0) {
            return "smb";
        }
        return histogram[3] > 0 && tlsInside(b, len, complete) ? "tls" : null;
    }

    private static boolean tlsInside(byte[] b, int len, boolean complete) {
        int last = Math.min(len - RECORD_HEADER, MAX_RECORD + RECORD_HEADER);
        for (int p = 1; p <= last; p++) {
            if (b[p + 1] == 3 && isHeader(b, p)) {
                int records = recordsFrom(b, p, len);
                if (records >= 2 || records == 1 && complete && p + RECORD_HEADER + length(b, p) == len) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How many records chain from {@code p} to the end of the window, or 0 when a header that fits is not one. */
    private static int recordsFrom(byte[] b, int p, int len) {
        int n = 0;
        for (; p + RECORD_HEADER <= len; p += RECORD_HEADER + length(b, p)) {
            if (!isHeader(b, p)) {
                return 0;
            }
            n++;
        }
        return n;
    }

    /** Content type change_cipher_spec, alert, handshake, application_data or heartbeat; version 3.0-3.4. */
    private static boolean isHeader(byte[] b, int p) {
        int type = b[p] & 0xFF;
        return type >= 20 && type <= 24 && b[p + 1] == 3 && (b[p + 2] & 0xFF) <= 4 && length(b, p) <= MAX_RECORD;
    }

    private static int length(byte[] b, int p) {
        return Bin.u16be(b, p + 3);
    }

    /** The longest SSH packet OpenSSH accepts (its PACKET_MAX_SIZE). */
    private static final int SSH_MAX_PACKET = 256 * 1024;
    /**
     * What follows an SSH packet's encrypted part: the tag of AES-GCM or umac-128 (16 bytes), hmac-sha2-256 (32),
     * hmac-sha1 (20), hmac-sha2-512 (64), umac-64 (8).
     */
    private static final int[] SSH_MACS = {16, 32, 20, 64, 8};

    /**
     * Whether SSH binary packets (RFC 4253 section 6) chain in the window, for a stream whose banner was not seen.
     * AES-GCM (RFC 5647) and the encrypt-then-MAC modes leave each packet's 4-byte length in the clear, the
     * encrypted rest a whole number of 16-byte blocks, then a MAC of fixed size: from some position, lengths must
     * follow one another packet after packet, with one MAC size, to the end of the window, at least two of them.
     * 300,000 windows of 64 KiB of random bytes gave no such chain. OpenSSH's default, chacha20-poly1305,
     * encrypts the length too: it is never found here.
     */
    public static boolean sshPackets(byte[] b, int len) {
        for (int p = 0; p + 4 <= len; p++) {
            if (b[p] == 0 && sshLength(b, p)) {
                for (int mac : SSH_MACS) {
                    if (sshPacketsFrom(b, p, len, mac) >= 2) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** How many packets chain from {@code p} with {@code mac}-byte MACs, or 0 when a length that fits is not one. */
    private static int sshPacketsFrom(byte[] b, int p, int len, int mac) {
        int n = 0;
        for (; p + 4 <= len; p += 4 + (int) Bin.u32be(b, p) + mac) {
            if (!sshLength(b, p)) {
                return 0;
            }
            n++;
        }
        return n;
    }

    private static boolean sshLength(byte[] b, int p) {
        long l = Bin.u32be(b, p);
        return l >= 16 && l <= SSH_MAX_PACKET && (l & 15) == 0;
    }

    /** OpenVPN's opcodes (high 5 bits of a packet's first byte; the low 3 are the key id). */
    private static final int OVPN_HARD_RESET_CLIENT_V1 = 1;
    private static final int OVPN_HARD_RESET_SERVER_V1 = 2;
    private static final int OVPN_DATA_V1 = 6;
    private static final int OVPN_HARD_RESET_CLIENT_V2 = 7;
    private static final int OVPN_HARD_RESET_SERVER_V2 = 8;
    private static final int OVPN_DATA_V2 = 9;
    private static final int OVPN_HARD_RESET_CLIENT_V3 = 10;
    private static final int OVPN_LAST_OPCODE = 11;
    /** Least length of a control packet: opcode, 8-byte session id, the count of acknowledged packet ids. */
    private static final int OVPN_MIN_CONTROL = 10;
    /** Least length of a data packet: opcode (and peer id), a packet id or IV, a 16-byte tag or a MAC. */
    private static final int OVPN_MIN_DATA = 20;

    /**
     * Whether the window starts an OpenVPN-over-TCP connection: a hard reset, then packets back to back to the end
     * of the window, each a 2-byte length, an opcode and that many bytes, control packets under one session id,
     * data packets under one peer id, and a session id or a peer id coming back. Also the tunnel after an HTTP
     * CONNECT, OpenVPN's way through proxies.
     */
    private static boolean openvpnFromStart(byte[] b, int len) {
        if (len < 3) {
            return false;
        }
        int opcode = (b[2] & 0xFF) >>> 3;
        boolean reset = opcode == OVPN_HARD_RESET_CLIENT_V1 || opcode == OVPN_HARD_RESET_SERVER_V1
                || opcode == OVPN_HARD_RESET_CLIENT_V2 || opcode == OVPN_HARD_RESET_SERVER_V2
                || opcode == OVPN_HARD_RESET_CLIENT_V3;
        return reset && openvpnRepeatsFrom(b, 0, len, true) > 0;
    }

    /**
     * Whether OpenVPN packets chain from inside the window, for a stream whose start was not seen: from a
     * data packet within the longest packet's reach of the start, packets back to back to the end of the window, in
     * which at least three P_DATA_V2 packets carry the same opcode, key id and peer id. Random bytes would have to
     * repeat 32 bits twice where the framing puts them; 100,000 windows of 64 KiB gave none.
     */
    public static boolean openvpnInside(byte[] b, int len) {
        // the chain is tried from data packets only: a window of a tunnel in use holds little else
        int last = Math.min(len - 3, 2 + 0xFFFF);
        for (int p = 0; p <= last; p++) {
            if ((b[p + 2] & 0xFF) >>> 3 == OVPN_DATA_V2 && openvpnRepeatsFrom(b, p, len, false) >= 2) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many packets chaining from {@code p} to the end of the window repeat an earlier one's id: a P_DATA_V2
     * packet with the first one's opcode byte (key id included) and peer id, and, if {@code control} counts, a
     * control packet with the first one's session id. -1 when a packet that fits is not an OpenVPN packet or names
     * another session or peer. The 2-byte length and the opcode must fit; the ids are compared where they fit.
     */
    private static int openvpnRepeatsFrom(byte[] b, int p, int len, boolean control) {
        int session = -1;
        int peer = -1;
        int repeats = 0;
        for (int length; p + 3 <= len; p += 2 + length) {
            length = Bin.u16be(b, p);
            int opcode = (b[p + 2] & 0xFF) >>> 3;
            if (opcode < OVPN_HARD_RESET_CLIENT_V1 || opcode > OVPN_LAST_OPCODE) {
                return -1;
            }
            boolean data = opcode == OVPN_DATA_V1 || opcode == OVPN_DATA_V2;
            if (length < (data ? OVPN_MIN_DATA : OVPN_MIN_CONTROL)) {
                return -1;
            }
            if (opcode == OVPN_DATA_V2 && p + 6 <= len) {
                // the peer id must stay; the key id changes when the keys are renegotiated
                if (peer < 0) {
                    peer = p + 2;
                } else if (!Arrays.equals(b, peer + 1, peer + 4, b, p + 3, p + 6)) {
                    return -1;
                } else if (b[peer] == b[p + 2]) {
                    repeats++;
                }
            } else if (!data && p + 11 <= len) {
                if (session < 0) {
                    session = p + 3;
                } else if (!Arrays.equals(b, session, session + 8, b, p + 3, p + 11)) {
                    return -1;
                } else if (control) {
                    repeats++;
                }
            }
        }
        return repeats;
    }

    /**
     * SMB2 TRANSFORM_HEADER (MS-SMB2 2.2.41), 52 bytes: 0xFD 'SMB', signature, nonce, the size of the message it
     * encrypts (the frame's less the header), 2 reserved bytes, flags (1: encrypted), session id.
     */
    private static final int SMB_TRANSFORM = 0xFD;
    private static final int SMB_TRANSFORM_HEADER = 52;

    /**
     * Whether encrypted SMB 3 frames chain inside the window, for a stream whose start was not seen: from a
     * transform frame whose header is consistent, frames back to back to the end of the window. Random bytes
     * would have to hold "SMB", a 32-bit size equal to the frame's and 32 more fixed bits where the header puts them.
     */
    public static boolean smbInside(byte[] b, int len) {
        for (int p = 0; p + 4 + SMB_TRANSFORM_HEADER <= len; p++) {
            if ((b[p + 4] & 0xFF) == SMB_TRANSFORM && b[p] == 0 && smbTransformsFrom(b, p, len) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many transform frames chain from {@code p} to the end of the window, all of one session; -1 when a frame
     * whose header fits is not SMB over direct TCP (MS-SMB2 2.1: a zero byte, a 24-bit length, an SMB protocol id:
     * 0xFE, 0xFD, 0xFC or 0xFF and "SMB"), or is a transform frame whose header is not consistent or names another
     * session.
     */
    private static int smbTransformsFrom(byte[] b, int p, int len) {
        int session = -1;
        int transforms = 0;
        for (int length; p + 8 <= len; p += 4 + length) {
            length = (b[p + 1] & 0xFF) << 16 | Bin.u16be(b, p + 2);
            int id = b[p + 4] & 0xFF;
            if (b[p] != 0 || id < 0xFC || b[p + 5] != 'S' || b[p + 6] != 'M' || b[p + 7] != 'B') {
                return -1;
            }
            int h = p + 4;
            if (id != SMB_TRANSFORM || h + SMB_TRANSFORM_HEADER > len) {
                continue;
            }
            if (Bin.u32le(b, h + 36) != length - SMB_TRANSFORM_HEADER || Bin.u16le(b, h + 40) != 0
                    || Bin.u16le(b, h + 42) != 1
                    || session >= 0 && !Arrays.equals(b, session, session + 8, b, h + 44, h + 52)) {
                return -1;
            }
            session = h + 44;
            transforms++;
        }
        return transforms;
    }

    /**
     * WinRM's message encryption over HTTP (MS-WSMV 2.2.9.1), the default of PowerShell remoting: the protocols a
     * multipart/encrypted body declares.
     */
    private static final List<String> WINRM_PROTOCOLS = List.of("application/http-spnego-session-encrypted",
            "application/http-kerberos-session-encrypted", "application/http-credssp-session-encrypted");
    private static final byte[] WINRM_BOUNDARY = "--Encrypted Boundary\r\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * "winrm" for an HTTP body that WinRM sealed: declared {@code multipart/encrypted} (or CredSSP's
     * {@code multipart/x-multi-encrypted}) with one of WinRM's session-encryption protocols, and starting with the
     * boundary line MS-WSMV lays out; else null. Other encrypted multiparts (PGP/MIME) are payload.
     */
    public static String ofBody(String contentType, byte[] b, int len) {
        if (contentType == null || len < WINRM_BOUNDARY.length
                || !Arrays.equals(b, 0, WINRM_BOUNDARY.length, WINRM_BOUNDARY, 0, WINRM_BOUNDARY.length)) {
            return null;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        if (!type.startsWith("multipart/encrypted") && !type.startsWith("multipart/x-multi-encrypted")) {
            return null;
        }
        for (String protocol : WINRM_PROTOCOLS) {
            if (type.contains("protocol=\"" + protocol + "\"") || type.contains("protocol=" + protocol)) {
                return "winrm";
            }
        }
        return null;
    }
}
