package io.packwatch.flow;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A stream consumer that keeps everything it is told, gaps written as '#' per missing byte. */
final class Recorder implements StreamConsumer {
    final ByteArrayOutputStream[] data = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
    final List<String> events = new ArrayList<>();

    @Override
    public void onData(Flow flow, int direction, byte[] b, int off, int len) {
        data[direction].write(b, off, len);
    }

    @Override
    public void onGap(Flow flow, int direction, long bytes) {
        events.add(side(direction) + " gap " + bytes);
        for (long i = 0; i < bytes; i++) {
            data[direction].write('#');
        }
    }

    @Override
    public void onDepthReached(Flow flow, int direction) {
        events.add(side(direction) + " depth");
    }

    @Override
    public void onClose(Flow flow, int direction) {
        events.add(side(direction) + " close");
    }

    String text(int direction) {
        return data[direction].toString(StandardCharsets.ISO_8859_1);
    }

    private static String side(int direction) {
        return direction == Flow.FROM_CLIENT ? "client" : "server";
    }
}
