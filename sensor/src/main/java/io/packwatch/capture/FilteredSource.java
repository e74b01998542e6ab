package io.packwatch.capture;

import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import java.io.IOException;

/** Passes on only the frames a BPF filter accepts; the rest are counted. */
public final class FilteredSource implements PacketSource {
    private final PacketSource source;
    private final BpfFilter filter;
    private final Counter rejected;

    public FilteredSource(PacketSource source, BpfFilter filter, Counters counters) {
        this.source = source;
        this.filter = filter;
        this.rejected = counters.counter("capture.filtered_out");
    }

    @Override
    public boolean next(Frame frame) throws IOException {
        while (source.next(frame)) {
            if (filter.accepts(frame)) {
                return true;
            }
            rejected.inc();
        }
        return false;
    }

    @Override
    public boolean finished() {
        return source.finished();
    }

    @Override
    public long position() {
        return source.position();
    }

    @Override
    public long size() {
        return source.size();
    }

    @Override
    public String problem() {
        return source.problem();
    }

    @Override
    public void close() throws IOException {
        filter.close();
        source.close();
    }
}
