package io.packwatch.app.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.packwatch.testkit.TlsRecords;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TlsHelloTest {
    private static final byte[] HELLO = TlsRecords.records(22, TlsRecords.clientHello("a.example",
            new String[] {"h2"}, new int[] {0x0304, 0x0303}), 200);

    @Test
    void readsAHelloSpreadOverRecordsFedByteByByte() {
        TlsHello h = new TlsHello(16384);
        int verdict = TlsHello.NEED_MORE;
        for (int n = 1; n <= HELLO.length && verdict == TlsHello.NEED_MORE; n++) {
            verdict = h.parse(HELLO, n, true);
            if (n < HELLO.length) {
                assertEquals(TlsHello.NEED_MORE, verdict, "at " + n);
            }
        }
        assertEquals(TlsHello.DONE, verdict);
        assertEquals("a.example", h.serverName);
        assertEquals(0x0304, h.version);
    }

    @Test
    void aHelloLargerThanTheLimitFails() {
        assertEquals(TlsHello.FAILED, new TlsHello(300).parse(HELLO, HELLO.length, true));
    }

    @Test
    void mutatedHellosNeverThrow() {
        SplittableRandom rnd = new SplittableRandom(7);
        int done = 0;
        for (int i = 0; i < 20000; i++) {
            byte[] b = HELLO.clone();
            for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            int len = 1 + rnd.nextInt(b.length);
            int v = new TlsHello(16384).parse(b, len, true);
            assertTrue(v == TlsHello.DONE || v == TlsHello.FAILED || v == TlsHello.NEED_MORE);
            done += v == TlsHello.DONE ? 1 : 0;
        }
        assertTrue(done > 0);
    }

    @Test
    void serverHello() {
        byte[] b = TlsRecords.records(22, TlsRecords.serverHello(0x0304, 0x1303), 16384);
        TlsHello h = new TlsHello(16384);
        assertEquals(TlsHello.DONE, h.parse(b, b.length, false));
        assertEquals("1.3", TlsNames.version(h.version));
        assertEquals("TLS_CHACHA20_POLY1305_SHA256", TlsNames.cipher(h.cipher));
        assertEquals(TlsHello.FAILED, new TlsHello(16384).parse(b, b.length, true), "not a ClientHello");
    }
}
