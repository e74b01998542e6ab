package io.packwatch.app;

import io.packwatch.flow.Flow;
import io.packwatch.flow.StreamConsumer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes each direction of each TCP flow to {@code DIR/flow-<id>-client.bin} and
 * {@code -server.bin}, and gaps and closes to {@code flow-<id>.events}: a debugging aid
 * ({@code --dump-streams}) and what the reassembly tests compare against. File names come from
 * the flow id only, never from anything on the wire.
 */
public final class StreamDumper implements StreamConsumer {
    private final Path dir;
    private final Map<String, OutputStream> open = new HashMap<>();

    public StreamDumper(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public synchronized void onData(Flow flow, int direction, byte[] data, int off, int len) {
        write(name(flow, direction), data, off, len);
    }

    @Override
    public synchronized void onGap(Flow flow, int direction, long bytes) {
        event(flow, side(direction) + " gap " + bytes + " at " + flow.deliveredBytes(direction));
    }

    @Override
    public synchronized void onDepthReached(Flow flow, int direction) {
        event(flow, side(direction) + " depth " + flow.deliveredBytes(direction));
    }

    @Override
    public synchronized void onClose(Flow flow, int direction) {
        event(flow, side(direction) + " close " + flow.deliveredBytes(direction));
        closeFile(name(flow, direction));
        if (direction == Flow.FROM_SERVER) {
            closeFile(events(flow));
        }
    }

    private void event(Flow flow, String line) {
        byte[] b = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        write(events(flow), b, 0, b.length);
    }

    private void write(String file, byte[] data, int off, int len) {
        try {
            OutputStream out = open.get(file);
            if (out == null) {
                out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(file),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND));
                open.put(file, out);
            }
            out.write(data, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write stream dump " + file + ": " + e.getMessage(), e);
        }
    }

    private void closeFile(String file) {
        OutputStream out = open.remove(file);
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close stream dump " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Closes whatever is still open (flows cut by shutdown). */
    public synchronized void closeAll() {
        for (String f : open.keySet().toArray(new String[0])) {
            closeFile(f);
        }
    }

    private static String name(Flow flow, int direction) {
        return "flow-" + flow.id() + "-" + side(direction) + ".bin";
    }

    private static String events(Flow flow) {
        return "flow-" + flow.id() + ".events";
    }

    private static String side(int direction) {
        return direction == Flow.FROM_CLIENT ? "client" : "server";
    }
}
