package io.packwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
