package io.packwatch.app;

import io.packwatch.flow.Flow;
import io.packwatch.flow.StreamConsumer;
import io.packwatch.inspect.ObjectContext;
import io.packwatch.inspect.ObjectOpener;
import io.packwatch.inspect.ObjectSink;
import io.packwatch.stats.Counter;

/**
 * Both directions of one UDP flow: each direction's datagram payloads, in the order they came, are one
 * {@code datagrams} object, opened at its first payload and closed when the flow ends. A script that sends an
 * archive in datagrams sends its bytes in order, so its format is found as in a stream; a payload the snaplen cut
 * is a gap. A direction that starts with TFTP DATA block 1 is a {@code tftp} object instead: the file, without the
 * blocks' headers ({@link TftpBlocks}).
 */
final class DatagramFlow implements StreamConsumer {
    private final ObjectOpener inspection;
    private final Counter tftpTransfers;
    private final Counter tftpIrregular;
    private final ObjectSink[] sinks = new ObjectSink[2];
    /** The TFTP transfer a direction carries, while its datagrams keep to it; else null. */
    private final TftpBlocks[] tftp = new TftpBlocks[2];

    DatagramFlow(ObjectOpener inspection, Counter tftpTransfers, Counter tftpIrregular) {
        this.inspection = inspection;
        this.tftpTransfers = tftpTransfers;
        this.tftpIrregular = tftpIrregular;
    }

    private ObjectSink sink(Flow f, int d) {
        ObjectSink s = sinks[d];
        if (s == null) {
            s = sinks[d] = inspection.open(f, d, ObjectContext.DATAGRAMS);
        }
        return s;
    }

    @Override
    public void onData(Flow f, int d, byte[] data, int off, int len) {
        if (len <= 0) {
            return;
        }
        if (sinks[d] == null && TftpBlocks.starts(data, off, len)) {
            tftpTransfers.inc();
            tftp[d] = new TftpBlocks(len);
            sinks[d] = inspection.open(f, d, ObjectContext.TFTP);
            sinks[d].write(data, off + TftpBlocks.HEADER, len - TftpBlocks.HEADER);
            return;
        }
        TftpBlocks t = tftp[d];
        if (t != null) {
            switch (t.next(data, off, len)) {
                case NEXT -> {
                    sinks[d].write(data, off + TftpBlocks.HEADER, len - TftpBlocks.HEADER);
                    return;
                }
                case DUPLICATE -> {
                    return; // a retransmission
                }
                default -> {
                    // Not the transfer's next block: the rest is written as it came, to be inspected still.
                    tftpIrregular.inc();
                    tftp[d] = null;
                }
            }
        }
        sink(f, d).write(data, off, len);
    }

    @Override
    public void onGap(Flow f, int d, long bytes) {
        sink(f, d).gap(bytes);
    }

    @Override
    public void onDepthReached(Flow f, int d) {
        // UDP has no reassembly depth
    }

    @Override
    public void onClose(Flow f, int d) {
        ObjectSink s = sinks[d];
        if (s != null) {
            sinks[d] = null;
            s.close(f.lastSeen());
        }
    }
}
