package io.packwatch.inspect.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XxHash32Test {
    private static int h(String s, int seed) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return XxHash32.hash(b, 0, b.length, seed);
    }

    @Test
    void referenceVectors() {
        assertEquals(0x02CC5D05, h("", 0));
        assertEquals(0x550D7456, h("a", 0));
        assertEquals(0x32D153FF, h("abc", 0));
        assertEquals(0x63A14D5F, h("abcdefghijklmnopqrstuvwxyz", 0));
    }

    @Test
    void offsetIsHonoured() {
        byte[] b = "xxabcxx".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x32D153FF, XxHash32.hash(b, 2, 3, 0));
    }
}
