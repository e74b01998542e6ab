package io.packwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.packwatch.capture.CaptureException;
import io.packwatch.capture.Frame;
import io.packwatch.capture.PacketSource;
import io.packwatch.capture.PcapFileSource;
import java.io.IOException;

/**
 * The pcap and pcapng readers on arbitrary files. The only exception allowed out is
 * {@link CaptureException} from {@code open} (not a capture file); anything wrong after the header
 * ends reading with a {@code problem()}. Work is bounded: every frame consumes at least a record
 * header of the file, and no frame is larger than the limit.
 */
class CaptureFileFuzzTest {
    private static final int MAX_FRAME = 65536;
    /** The smallest record either format has: a pcapng block of 12 bytes (a pcap record header is 16). */
    private static final int SMALLEST_RECORD = 12;
    private static final byte[] PCAPNG_MAGIC = {0x0A, 0x0D, 0x0D, 0x0A};

    private final ScratchFile file = new ScratchFile(".cap");
    private final Frame frame = new Frame();

    /** Classic pcap: inputs that start like a pcapng file are left to the other target. */
    @PackwatchFuzzTest
    void pcap(byte[] data) throws IOException {
        if (startsWith(data, PCAPNG_MAGIC)) {
            return;
        }
        readAll(data);
    }

    /** pcapng: the first four bytes are always a section header block's type, so every input reaches the block parser. */
    @PackwatchFuzzTest
    void pcapng(byte[] data) throws IOException {
        byte[] file = data.clone();
        if (file.length >= 4) {
            System.arraycopy(PCAPNG_MAGIC, 0, file, 0, 4);
        }
        readAll(file);
    }

    private void readAll(byte[] data) throws IOException {
        PacketSource src;
        try {
            src = PcapFileSource.open(file.write(data), MAX_FRAME);
        } catch (CaptureException e) {
            assertNotNull(e.getMessage());
            return;
        }
        try (src) {
            long frames = 0;
            long lastPos = src.position();
            while (src.next(frame)) {
                frames++;
                assertTrue(frame.length >= 0 && frame.length <= MAX_FRAME, "frame length " + frame.length);
                assertTrue(frame.wireLength >= frame.length, "wire " + frame.wireLength + " < captured " + frame.length);
                assertTrue(src.position() > lastPos, "no progress at offset " + lastPos);
                lastPos = src.position();
                if (frames > data.length / SMALLEST_RECORD + 1) {
                    fail(frames + " frames from " + data.length + " bytes");
                }
            }
            assertTrue(src.finished(), "next() returned false before the end");
            assertTrue(src.position() <= data.length, "position " + src.position() + " past the end " + data.length);
            if (src.problem() == null) {
                assertEquals(data.length, src.position(), "clean end before the end of the file");
            }
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
