package io.packwatch.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several capture files read as one timeline, like mergecap: each step hands out the earliest
 * pending frame of all files. Ties go to the file named first.
 */
public final class MergedSource implements PacketSource {
    private final List<PacketSource> sources;
    private final Frame[] heads;
    private final boolean[] ready;

    public MergedSource(List<PacketSource> sources) {
        this.sources = new ArrayList<>(sources);
        this.heads = new Frame[sources.size()];
        this.ready = new boolean[sources.size()];
        for (int i = 0; i < heads.length; i++) {
            heads[i] = new Frame();
        }
    }

    @Override
    public boolean next(Frame frame) throws IOException {
        int best = -1;
        for (int i = 0; i < heads.length; i++) {
            if (!ready[i] && !sources.get(i).finished()) {
                ready[i] = sources.get(i).next(heads[i]);
            }
            if (ready[i] && (best < 0 || heads[i].tsNanos < heads[best].tsNanos)) {
                best = i;
            }
        }
        if (best < 0) {
            return false;
        }
        // Swap buffers rather than copy: the caller's frame becomes the slot's next buffer.
        Frame chosen = heads[best];
        byte[] spare = frame.data;
        frame.data = chosen.data;
        frame.length = chosen.length;
        frame.wireLength = chosen.wireLength;
        frame.tsNanos = chosen.tsNanos;
        frame.linkType = chosen.linkType;
        frame.origin = chosen.origin;
        chosen.data = spare;
        ready[best] = false;
        return true;
    }

    @Override
    public boolean finished() {
        for (int i = 0; i < heads.length; i++) {
            if (ready[i] || !sources.get(i).finished()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long position() {
        long sum = 0;
        for (PacketSource s : sources) {
            sum += s.position();
        }
        return sum;
    }

    @Override
    public long size() {
        long sum = 0;
        for (PacketSource s : sources) {
            sum += s.size();
        }
        return sum;
    }

    @Override
    public String problem() {
        StringBuilder sb = new StringBuilder();
        for (PacketSource s : sources) {
            if (s.problem() != null) {
                sb.append(sb.length() == 0 ? "" : "; ").append(s.problem());
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (PacketSource s : sources) {
            try {
                s.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
