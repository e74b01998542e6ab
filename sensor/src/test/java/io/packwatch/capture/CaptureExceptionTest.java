package io.packwatch.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CaptureExceptionTest {
    @Test
    void theReasonLeavesOutAdviceThatChangesBetweenAttempts() {
        CaptureException a = CaptureException.withAdvice("no such interface: eth9", " (available: eth0, lo)");
        CaptureException b = CaptureException.withAdvice("no such interface: eth9", " (available: eth0, lo, veth1)");
        assertEquals("no such interface: eth9 (available: eth0, lo)", a.getMessage(), "the user still reads the advice");
        assertEquals(a.reason(), b.reason());
        assertEquals("cannot open eth9", new CaptureException("cannot open eth9").reason());
    }
}
