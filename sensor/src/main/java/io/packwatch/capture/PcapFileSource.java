package io.packwatch.capture;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads classic libpcap files (microsecond or nanosecond timestamps, either byte order) through
 * a memory mapping. Needs no libpcap. A truncated or corrupt record ends the file: everything
 * before it is delivered and {@link #problem()} says where it broke.
 */
public final class PcapFileSource extends CaptureFile {
    static final int MAGIC_MICRO = 0xA1B2C3D4;
    static final int MAGIC_NANO = 0xA1B23C4D;
    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    private final boolean nanos;
    private final int linkType;
    private final int fcsBytes;

    PcapFileSource(MappedFile file, String name, int maxFrame) throws IOException {
        super(file, name, maxFrame, GLOBAL_HEADER);
        if (!file.ensure(0, GLOBAL_HEADER)) {
            throw new CaptureException(name + ": too short for a pcap file header (" + file.size() + " bytes)");
        }
        file.order(ByteOrder.LITTLE_ENDIAN);
        int magic = file.getInt(0);
        if (magic != MAGIC_MICRO && magic != MAGIC_NANO) {
            file.order(ByteOrder.BIG_ENDIAN);
            magic = file.getInt(0);
        }
        nanos = magic == MAGIC_NANO;
        int network = file.getInt(20);
        linkType = network & 0xFFFF;
        // Bit 28 says the frames end with an FCS of (bits 29-31) 16-bit words; strip it.
        fcsBytes = (network & 0x10000000) != 0 ? ((network >>> 29) & 7) * 2 : 0;
    }

    public int linkType() {
        return linkType;
    }

    @Override
    public boolean next(Frame frame) throws IOException {
        if (finished()) {
            return false;
        }
        if (!file.ensure(pos, RECORD_HEADER)) {
            return stop(pos == file.size() ? null
                    : "truncated: record header at offset " + pos + " cut short by the end of the file");
        }
        long seconds = file.getInt(pos) & 0xFFFFFFFFL;
        long fraction = file.getInt(pos + 4) & 0xFFFFFFFFL;
        int capLen = file.getInt(pos + 8);
        int origLen = file.getInt(pos + 12);
        if (capLen < 0 || capLen > maxFrame) {
            return stop("corrupt: record at offset " + pos + " claims " + Integer.toUnsignedString(capLen)
                    + " captured bytes (limit capture.max_frame_bytes=" + maxFrame + ")");
        }
        if (!file.ensure(pos + RECORD_HEADER, capLen)) {
            return stop("truncated: record at offset " + pos + " needs " + capLen
                    + " bytes but the file ends after " + (file.size() - pos - RECORD_HEADER));
        }
        int len = Math.max(0, capLen - fcsBytes);
        file.get(pos + RECORD_HEADER, frame.ensureCapacity(len), 0, len);
        frame.length = len;
        frame.wireLength = Math.max(len, origLen - fcsBytes);
        frame.tsNanos = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
        frame.linkType = linkType;
        frame.origin = name;
        pos += RECORD_HEADER + capLen;
        return true;
    }







    /**
     * Opens a capture file, pcap or pcapng by its magic number.
     *
     * @param maxFrame the largest record accepted; a larger one means the file is corrupt
     */
    public static PacketSource open(Path path, int maxFrame) throws IOException {
        String name = path.toString();
        if (Files.isDirectory(path)) {
            throw new CaptureException(name + ": is a directory; give capture files to --read");
        }
        MappedFile file;
        try {
            file = new MappedFile(path);
        } catch (NoSuchFileException e) {
            throw new CaptureException(name + ": no such file");
        } catch (IOException e) {
            throw new CaptureException(name + ": cannot open (" + e.getMessage() + ")", e);
        }
        try {
            if (!file.ensure(0, 4)) {
                throw new CaptureException(name + ": not a pcap or pcapng file (only " + file.size() + " bytes)");
            }
            file.order(ByteOrder.BIG_ENDIAN);
            int magic = file.getInt(0);
            if (magic == PcapNgFileSource.SECTION_HEADER) {
                return new PcapNgFileSource(file, name, maxFrame);
            }
            if (magic == MAGIC_MICRO || magic == MAGIC_NANO
                    || Integer.reverseBytes(magic) == MAGIC_MICRO || Integer.reverseBytes(magic) == MAGIC_NANO) {
                return new PcapFileSource(file, name, maxFrame);
            }
            throw new CaptureException(String.format(
                    "%s: not a pcap or pcapng file (starts with %08x); convert it with 'editcap -F pcap'", name, magic));
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }
}
