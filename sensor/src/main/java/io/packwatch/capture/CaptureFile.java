package io.packwatch.capture;

import java.io.IOException;

/**
 * What the pcap and pcapng readers share: the mapped file, the read position, and how reading
 * ends, cleanly at the end of the file or early with a problem that names the file and offset.
 */
abstract class CaptureFile implements PacketSource {
    final MappedFile file;
    final String name;
    final int maxFrame;
    long pos;
    private boolean finished;
    private String problem;

    CaptureFile(MappedFile file, String name, int maxFrame, long start) {
        this.file = file;
        this.name = name;
        this.maxFrame = maxFrame;
        this.pos = start;
    }

    /** Ends reading; {@code why} is null at a clean end of file. Returns false for the caller to return. */
    final boolean stop(String why) {
        finished = true;
        problem = why == null ? null : name + ": " + why;
        return false;
    }

    @Override
    public final boolean finished() {
        return finished;
    }

    @Override
    public final long position() {
        return pos;
    }

    @Override
    public final long size() {
        return file.size();
    }

    @Override
    public final String problem() {
        return problem;
    }

    @Override
    public final void close() throws IOException {
        file.close();
    }
}
