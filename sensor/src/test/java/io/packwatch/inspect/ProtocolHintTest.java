package io.packwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.inspect.format.Bin;
import io.packwatch.testkit.Bytes;
import io.packwatch.testkit.InspectionSamples;
import io.packwatch.testkit.TlsRecords;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProtocolHintTest {
    /** A TLS client stream: a ClientHello record, a change_cipher_spec record, application data in 16 KiB records. */
    private static final byte[] TLS = Bytes.concat(
            TlsRecords.records(22, TlsRecords.clientHello("cdn.example.com", new String[] {"h2"}, new int[] {0x0304}),
                    16384),
            TlsRecords.records(20, new byte[] {1}, 16384),
            TlsRecords.records(23, InspectionSamples.aesCtr(InspectionSamples.text(5, 60_000)), 16384));

    private static String hint(byte[] b, boolean complete) {
        int len = Math.min(b.length, 65536);
        return ProtocolHint.of(b, len, complete && len == b.length, Bin.histogram(b, 0, len));
    }

    @Test
    void aTlsStreamFromItsStart() {
        assertEquals("tls", hint(TLS, false));
        assertEquals("tls", hint(Arrays.copyOf(TLS, 300), false)); // a window shorter than the first record
    }

    @Test
    void aTlsHeaderInFrontOfSomethingElseIsNotTls() {
        byte[] header = {0x16, 3, 1, 2, 0};
        byte[] fake = Bytes.concat(header, InspectionSamples.aesCtr(InspectionSamples.text(6, 20_000)));
        assertNull(hint(fake, true));
        // the hello is real, but what follows it is not a record
        byte[] helloThenCiphertext = Bytes.concat(Arrays.copyOf(TLS, TLS.length - 60_000 - 20),
                InspectionSamples.aesCtr(InspectionSamples.text(7, 20_000)));
        assertNull(hint(helloThenCiphertext, true));
    }

    /** Picked up inside a record, or after a gap: the records that follow still chain. */
    @Test
    void tlsFromInsideARecord() {
        for (int cut : new int[] {1, 700, 5_000, 16_000, 18_000}) {
            assertEquals("tls", hint(Arrays.copyOfRange(TLS, cut, TLS.length), false), "cut at " + cut);
        }
        // the last record alone, seen whole to the stream's end
        int lastRecord = TLS.length - (60_000 - 3 * 16384) - 5;
        byte[] tail = Arrays.copyOfRange(TLS, lastRecord - 100, TLS.length);
        assertEquals("tls", hint(tail, true));
        assertNull(hint(tail, false), "one record that does not end the object is not enough");
    }

    /** SMTP, then STARTTLS: the stream turns to TLS. */
    @Test
    void tlsAfterStartTls() {
        byte[] smtp = ("EHLO client.example.net\r\n250-mail.example.com\r\n250 STARTTLS\r\nSTARTTLS\r\n"
                + "220 2.0.0 Ready to start TLS\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals("tls", hint(Bytes.concat(smtp, TLS), false));
    }

    @Test
    void sshByItsBanner() {
        assertEquals("ssh", hint("SSH-2.0-OpenSSH_9.2p1\r\n".getBytes(StandardCharsets.US_ASCII), true));
    }

    /**
     * An SSH client stream after its key exchange as AES-GCM frames it: each packet's length in the clear (a
     * multiple of 16), that many bytes of ciphertext, a 16-byte tag; packets of the sizes an sftp upload sends.
     */
    private static byte[] sshGcm(int macBytes, Random rnd) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int[] sizes = {32, 48, 128, 288, 32784, 32784, 9136, 32784, 48, 32784};
        for (int size : sizes) {
            byte[] packet = new byte[4 + size + macBytes];
            rnd.nextBytes(packet);
            packet[0] = (byte) (size >>> 24);
            packet[1] = (byte) (size >>> 16);
            packet[2] = (byte) (size >>> 8);
            packet[3] = (byte) size;
            out.writeBytes(packet);
        }
        return out.toByteArray();
    }

    @Test
    void sshPacketsWithClearLengthsChainFromAnywhere() {
        Random rnd = new Random(10);
        for (int mac : new int[] {16, 32, 20, 64, 8}) {
            byte[] stream = sshGcm(mac, rnd);
            for (int cut : new int[] {0, 1, 40, 300, 20_000, 40_000, 70_000}) {
                byte[] w = Arrays.copyOfRange(stream, cut, Math.min(stream.length, cut + 65536));
                assertTrue(ProtocolHint.sshPackets(w, w.length), "MAC " + mac + ", cut at " + cut);
            }
        }
    }

    @Test
    void sshLengthsThatDoNotChainAreNotSsh() {
        Random rnd = new Random(11);
        byte[] stream = sshGcm(16, rnd);
        // a MAC size no mode uses: the second length is never where the first packet ends
        byte[] odd = sshGcm(24, rnd);
        assertFalse(ProtocolHint.sshPackets(odd, Math.min(odd.length, 65536)));
        // one length alone is not enough: the last packet, and two bytes of the one before
        byte[] tail = Arrays.copyOfRange(stream, stream.length - (4 + 32784 + 16) - 2, stream.length);
        assertFalse(ProtocolHint.sshPackets(tail, tail.length), "a window holding one length");
    }

    /** 1,024 windows of random bytes (what chacha20-poly1305 sends, lengths included): never SSH packets. */
    @Test
    void randomBytesAreNotSshPackets() {
        Random rnd = new Random(12);
        byte[] w = new byte[65536];
        for (int i = 0; i < 1024; i++) {
            rnd.nextBytes(w);
            assertFalse(ProtocolHint.sshPackets(w, w.length), "window " + i);
        }
        byte[] text = InspectionSamples.text(13, 65536);
        assertFalse(ProtocolHint.sshPackets(text, text.length));
    }

    /**
     * One direction of an OpenVPN-over-TCP session as OpenVPN 2.6 frames it (pcaps/real/openvpn-lo.pcap): a hard
     * reset, control and ACK packets under one 8-byte session id, then P_DATA_V2 packets under one 3-byte peer id,
     * each with its packet id in the clear and AES-GCM's tag, of the sizes a tunnel carrying an upload sends. Each
     * packet is its 2-byte length, the opcode and key id, and that many bytes less one.
     */
    private static byte[] openvpn(int resetOpcode, boolean samePeer, Random rnd) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] session = new byte[8];
        rnd.nextBytes(session);
        int[][] control = {{resetOpcode, 14}, {4, 303}, {5, 26}, {4, 1222}, {4, 165}, {5, 34}};
        for (int[] c : control) {
            byte[] p = packet(c[0], c[1], rnd);
            System.arraycopy(session, 0, p, 3, 8);
            out.writeBytes(p);
        }
        byte[] peer = {(byte) 0xde, (byte) 0xbd, 0x39};
        for (int i = 0; i < 80; i++) {
            byte[] p = packet(9, i < 2 ? 84 - 8 * i : 1450, rnd);
            System.arraycopy(peer, 0, p, 3, 3);
            if (!samePeer) {
                p[3] = (byte) i;
            }
            p[6] = 0;
            p[7] = 0;
            p[8] = (byte) (i >>> 8);
            p[9] = (byte) i;
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] packet(int opcode, int length, Random rnd) {
        byte[] p = new byte[2 + length];
        rnd.nextBytes(p);
        p[0] = (byte) (length >>> 8);
        p[1] = (byte) length;
        p[2] = (byte) (opcode << 3);
        return p;
    }

    @Test
    void openvpnFromItsHardReset() {
        Random rnd = new Random(20);
        assertEquals("openvpn", hint(openvpn(7, true, rnd), true), "client, P_CONTROL_HARD_RESET_CLIENT_V2");
        assertEquals("openvpn", hint(openvpn(8, true, rnd), true), "server, P_CONTROL_HARD_RESET_SERVER_V2");
        assertEquals("openvpn", hint(openvpn(10, true, rnd), true), "tls-crypt-v2 client, _V3");
        // the first packet must be a hard reset: from a control packet on, only the search inside may find it
        byte[] stream = openvpn(7, true, rnd);
        assertNull(hint(Arrays.copyOfRange(stream, 16, stream.length), false));
    }

    @Test
    void openvpnPacketsChainFromInsideAnyPacket() {
        byte[] stream = openvpn(7, true, new Random(21));
        for (int cut : new int[] {0, 1, 2, 3, 16, 500, 1700, 3000, 20_000, 40_000, stream.length - 3 * 1452 - 1}) {
            byte[] w = Arrays.copyOfRange(stream, cut, Math.min(stream.length, cut + 65536));
            assertTrue(ProtocolHint.openvpnInside(w, w.length), "cut at " + cut);
        }
    }

    @Test
    void openvpnPacketsMustKeepTheirIds() {
        Random rnd = new Random(22);
        byte[] peers = openvpn(7, false, rnd);
        assertFalse(ProtocolHint.openvpnInside(peers, 65536), "a peer id per packet");
        assertNull(hint(peers, false), "the control packets chain, the data packets do not");
        byte[] sessions = openvpn(7, true, rnd);
        sessions[16 + 3] ^= 1;
        assertNull(hint(sessions, false), "the second control packet names another session");
        // a part of a data packet and two whole ones: the peer id comes back once, and twice is the least
        byte[] stream = openvpn(7, true, rnd);
        byte[] tail = Arrays.copyOfRange(stream, stream.length - 2 * 1452 - 10, stream.length);
        assertFalse(ProtocolHint.openvpnInside(tail, tail.length), "a window holding two peer ids");
    }

    /** 1,024 windows of random bytes, and text: never OpenVPN packets. */
    @Test
    void randomBytesAreNotOpenVpn() {
        Random rnd = new Random(23);
        byte[] w = new byte[65536];
        for (int i = 0; i < 1024; i++) {
            rnd.nextBytes(w);
            assertFalse(ProtocolHint.openvpnInside(w, w.length), "window " + i);
        }
        byte[] text = InspectionSamples.text(14, 65536);
        assertFalse(ProtocolHint.openvpnInside(text, text.length));
    }

    /**
     * One direction of an SMB 3 session as Samba frames it (pcaps/real/smb3-encrypted-lo.pcap): negotiate and two
     * session setups in the clear, then transform frames of one session, the write among them 40 KB long.
     */
    private static byte[] smb3(Random rnd, boolean consistent) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int length : new int[] {218, 162, 482}) {
            byte[] f = smbFrame(length, 0xFE, rnd);
            out.writeBytes(f);
        }
        byte[] session = {0x6f, (byte) 0xd4, (byte) 0xf4, 0x54, 0, 0, 0, 0};
        for (int length : new int[] {156, 206, 120, 156, 200, 40_052, 140, 120, 156, 30_052, 140}) {
            byte[] f = smbFrame(length, 0xFD, rnd);
            int size = consistent ? length - 52 : length - 51;
            f[4 + 36] = (byte) size;
            f[4 + 37] = (byte) (size >>> 8);
            f[4 + 38] = (byte) (size >>> 16);
            f[4 + 39] = 0;
            f[4 + 40] = 0;
            f[4 + 41] = 0;
            f[4 + 42] = 1;
            f[4 + 43] = 0;
            System.arraycopy(session, 0, f, 4 + 44, 8);
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    private static byte[] smbFrame(int length, int protocolId, Random rnd) {
        byte[] f = new byte[4 + length];
        rnd.nextBytes(f);
        f[0] = 0;
        f[1] = (byte) (length >>> 16);
        f[2] = (byte) (length >>> 8);
        f[3] = (byte) length;
        f[4] = (byte) protocolId;
        f[5] = 'S';
        f[6] = 'M';
        f[7] = 'B';
        return f;
    }

    @Test
    void encryptedSmbFromItsStartAndFromInsideAFrame() {
        byte[] stream = smb3(new Random(30), true);
        assertEquals("smb", hint(stream, true));
        for (int cut : new int[] {1, 100, 900, 2000, 20_000, 40_000, stream.length - 30_400}) {
            byte[] w = Arrays.copyOfRange(stream, cut, Math.min(stream.length, cut + 65536));
            assertTrue(ProtocolHint.smbInside(w, w.length), "cut at " + cut);
        }
        // the negotiate and session setups alone are SMB in the clear: payload, not encrypted by design
        assertNull(hint(Arrays.copyOf(stream, 218 + 162 + 482 + 12), false));
    }

    @Test
    void transformHeadersMustBeConsistent() {
        byte[] stream = smb3(new Random(31), false);
        assertNull(hint(stream, true), "the encrypted size is not the frame's less the header");
        assertFalse(ProtocolHint.smbInside(stream, Math.min(stream.length, 65536)));
        byte[] w = new byte[65536];
        Random rnd = new Random(32);
        for (int i = 0; i < 1024; i++) {
            rnd.nextBytes(w);
            assertFalse(ProtocolHint.smbInside(w, w.length), "window " + i);
        }
    }

    @Test
    void winrmBodiesByTheirDeclaredTypeAndLayout() {
        byte[] body = ("--Encrypted Boundary\r\n\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n"
                + "\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=1200\r\n--Encrypted Boundary\r\n"
                + "\tContent-Type: application/octet-stream\r\n").getBytes(StandardCharsets.US_ASCII);
        String spnego = "multipart/encrypted;protocol=\"application/HTTP-SPNEGO-session-encrypted\";"
                + "boundary=\"Encrypted Boundary\"";
        assertEquals("winrm", ProtocolHint.ofBody(spnego, body, body.length));
        assertEquals("winrm", ProtocolHint.ofBody("Multipart/Encrypted; protocol=application/HTTP-Kerberos-session-"
                + "encrypted; boundary=\"Encrypted Boundary\"", body, body.length));
        assertEquals("winrm", ProtocolHint.ofBody("multipart/x-multi-encrypted;protocol=\"application/HTTP-CredSSP-"
                + "session-encrypted\";boundary=\"Encrypted Boundary\"", body, body.length));
        assertNull(ProtocolHint.ofBody("multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=x",
                body, body.length), "PGP/MIME is payload");
        assertNull(ProtocolHint.ofBody("application/octet-stream", body, body.length));
        assertNull(ProtocolHint.ofBody(null, body, body.length));
        byte[] other = Arrays.copyOf(body, body.length);
        other[2] = 'X';
        assertNull(ProtocolHint.ofBody(spnego, other, other.length), "the declared type alone is not enough");
    }

    /** 2,000 windows of random bytes and ciphertext, and text: never TLS. */
    @Test
    void randomBytesAndTextAreNotTls() {
        Random rnd = new Random(9);
        byte[] w = new byte[65536];
        for (int i = 0; i < 2000; i++) {
            rnd.nextBytes(w);
            assertNull(hint(w, i % 2 == 0), "window " + i);
        }
        assertNull(hint(InspectionSamples.text(8, 65536), true));
    }
}
