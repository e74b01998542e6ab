package io.packwatch.output;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Writes NDJSON records, one per line, to stdout or a file. */
public final class RecordSink implements Closeable {
    private final OutputStream out;
    private final boolean closeUnderlying;
    private long records;

    public RecordSink(OutputStream out, boolean closeUnderlying) {
        this.out = new BufferedOutputStream(out, 1 << 16);
        this.closeUnderlying = closeUnderlying;
    }

    public synchronized void write(JsonWriter record) {
        try {
            record.writeTo(out);
            out.write('\n');
            records++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write output: " + e.getMessage(), e);
        }
    }

    public synchronized long records() {
        return records;
    }

    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.flush();
        if (closeUnderlying) {
            out.close();
        }
    }
}
