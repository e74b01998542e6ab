package io.packwatch.capture;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads pcapng files through a memory mapping: any number of sections (each with its own byte
 * order) and interfaces (each with its own link type and timestamp resolution); enhanced, simple
 * and obsolete packet blocks. Every other block, and every option the sensor has no use for,
 * is skipped by its length.
 */
public final class PcapNgFileSource extends CaptureFile {
    static final int SECTION_HEADER = 0x0A0D0D0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int INTERFACE_DESCRIPTION = 1;
    private static final int OBSOLETE_PACKET = 2;
    private static final int SIMPLE_PACKET = 3;
    private static final int ENHANCED_PACKET = 6;
    private static final int OPT_END = 0;
    private static final int OPT_IF_TSRESOL = 9;
    private static final int OPT_IF_TSOFFSET = 14;

    /** What an interface description block says about the packets that refer to it. */
    private static final class Interface {
        final int linkType;
        final int snaplen;
        long unitsPerSecond = 1_000_000;
        long offsetSeconds;

        Interface(int linkType, int snaplen) {
            this.linkType = linkType;
            this.snaplen = snaplen;
        }
    }

    private final List<Interface> interfaces = new ArrayList<>();
    private long lastTsNanos;

    PcapNgFileSource(MappedFile file, String name, int maxFrame) {
        super(file, name, maxFrame, 0);
    }

    @Override
    public boolean next(Frame frame) throws IOException {
        while (!finished()) {
            if (!file.ensure(pos, 12)) {
                return stop(pos == file.size() ? null
                        : "truncated: block header at offset " + pos + " cut short by the end of the file");
            }
            // The section header's type reads the same in either byte order.
            if (file.getInt(pos) == SECTION_HEADER) {
                if (!readSectionOrder()) {
                    return false;
                }
            }
            int type = file.getInt(pos);
            long blockLen = file.getInt(pos + 4) & 0xFFFFFFFFL;
            if (blockLen < 12 || (blockLen & 3) != 0) {
                return stop("corrupt: block at offset " + pos + " has length " + blockLen);
            }
            if (!file.ensure(pos, blockLen)) {
                return stop("truncated: block at offset " + pos + " of " + blockLen
                        + " bytes runs past the end of the file");
            }
            if ((file.getInt(pos + blockLen - 4) & 0xFFFFFFFFL) != blockLen) {
                return stop("corrupt: block at offset " + pos + " has mismatched trailing length");
            }
            long block = pos;
            pos += blockLen;
            switch (type) {
                case SECTION_HEADER:
                    interfaces.clear();
                    break;
                case INTERFACE_DESCRIPTION:
                    if (!readInterface(block, blockLen)) {
                        return false;
                    }
                    break;
                case ENHANCED_PACKET:
                    if (readPacket(frame, block, blockLen, file.getInt(block + 8), 12)) {
                        return true;
                    }
                    break;
                case OBSOLETE_PACKET:
                    if (readPacket(frame, block, blockLen, file.getUnsignedShort(block + 8), 12)) {
                        return true;
                    }
                    break;
                case SIMPLE_PACKET:
                    if (readSimplePacket(frame, block, blockLen)) {
                        return true;
                    }
                    break;
                default:
                    break;
            }
        }
        return false;
    }

    /** The byte-order magic after a section header sets the order for the whole section. */
    private boolean readSectionOrder() throws IOException {
        file.order(ByteOrder.BIG_ENDIAN);
        int magic = file.getInt(pos + 8);
        if (magic == BYTE_ORDER_MAGIC) {
            return true;
        }
        if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            file.order(ByteOrder.LITTLE_ENDIAN);
            return true;
        }
        return stop(String.format("corrupt: section header at offset %d has byte-order magic %08x", pos, magic));
    }

    private boolean readInterface(long block, long blockLen) {
        if (blockLen < 20) {
            return stop("corrupt: interface description block at offset " + block + " is too short");
        }
        Interface itf = new Interface(file.getUnsignedShort(block + 8), file.getInt(block + 12));
        long opt = block + 16;
        long end = block + blockLen - 4;
        while (opt + 4 <= end) {
            int code = file.getUnsignedShort(opt);
            int len = file.getUnsignedShort(opt + 2);
            if (code == OPT_END || opt + 4 + len > end) {
                break;
            }
            if (code == OPT_IF_TSRESOL && len >= 1) {
                int resol = file.getUnsignedByte(opt + 4);
                int exponent = resol & 0x7F;
                if ((resol & 0x80) != 0 ? exponent > 62 : exponent > 18) {
                    return stop("corrupt: interface at offset " + block + " has timestamp resolution " + resol);
                }
                itf.unitsPerSecond = (resol & 0x80) != 0 ? 1L << exponent : pow10(exponent);
            } else if (code == OPT_IF_TSOFFSET && len >= 8) {
                itf.offsetSeconds = file.getLong(opt + 4);
            }
            opt += 4 + ((len + 3) & ~3);
        }
        interfaces.add(itf);
        return true;
    }

    private boolean readPacket(Frame frame, long block, long blockLen, int interfaceId, int tsOffset) {
        Interface itf = interfaceFor(interfaceId, block);
        if (itf == null) {
            return false;
        }
        long ts = ((file.getInt(block + tsOffset) & 0xFFFFFFFFL) << 32) | (file.getInt(block + tsOffset + 4) & 0xFFFFFFFFL);
        int capLen = file.getInt(block + 20);
        int origLen = file.getInt(block + 24);
        if (capLen < 0 || capLen > maxFrame || capLen > blockLen - 32) {
            return stop("corrupt: packet block at offset " + block + " claims " + Integer.toUnsignedString(capLen)
                    + " captured bytes in a block of " + blockLen);
        }
        lastTsNanos = toNanos(ts, itf);
        fill(frame, block + 28, capLen, origLen, itf);
        return true;
    }

    private boolean readSimplePacket(Frame frame, long block, long blockLen) {
        Interface itf = interfaceFor(0, block);
        if (itf == null) {
            return false;
        }
        int origLen = file.getInt(block + 8);
        long room = blockLen - 16;
        long capLen = Math.min(origLen & 0xFFFFFFFFL, room);
        if (itf.snaplen > 0) {
            capLen = Math.min(capLen, itf.snaplen);
        }
        if (capLen > maxFrame) {
            return stop("corrupt: simple packet block at offset " + block + " claims " + capLen + " bytes");
        }
        // A simple packet block has no timestamp: it inherits the last one seen.
        fill(frame, block + 12, (int) capLen, origLen, itf);
        return true;
    }

    private Interface interfaceFor(int id, long block) {
        if (id < 0 || id >= interfaces.size()) {
            stop("corrupt: packet block at offset " + block + " names interface " + id + " but the section declares "
                    + interfaces.size());
            return null;
        }
        return interfaces.get(id);
    }

    private void fill(Frame frame, long at, int capLen, int origLen, Interface itf) {
        file.get(at, frame.ensureCapacity(capLen), 0, capLen);
        frame.length = capLen;
        frame.wireLength = Math.max(capLen, origLen);
        frame.tsNanos = lastTsNanos;
        frame.linkType = itf.linkType;
        frame.origin = name;
    }

    static long toNanos(long ts, long unitsPerSecond, long offsetSeconds) {
        long nanos;
        if (unitsPerSecond == 1_000_000_000L) {
            nanos = ts;
        } else if (unitsPerSecond == 1_000_000L) {
            nanos = ts * 1000;
        } else {
            long seconds = Long.divideUnsigned(ts, unitsPerSecond);
            long fraction = Long.remainderUnsigned(ts, unitsPerSecond);
            nanos = seconds * 1_000_000_000L + (long) (fraction * (1e9 / unitsPerSecond));
        }
        return nanos + offsetSeconds * 1_000_000_000L;
    }

    private static long toNanos(long ts, Interface itf) {
        return toNanos(ts, itf.unitsPerSecond, itf.offsetSeconds);
    }

    private static long pow10(int exponent) {
        long v = 1;
        for (int i = 0; i < exponent; i++) {
            v *= 10;
        }
        return v;
    }






}
