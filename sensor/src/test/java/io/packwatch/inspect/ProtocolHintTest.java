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
