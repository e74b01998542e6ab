package io.packwatch.pipeline;

import io.packwatch.capture.PacketSource;
import io.packwatch.stats.Counters;
import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on a terminal, redrawn at most five times a second. */
public final class Progress {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int BAR = 24;

    private final PrintStream out;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    public Progress(PrintStream out) {
        this.out = out;
    }

    void update(PacketSource source, Counters counters, int activeFlows) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        long pos = source.position();
        long size = source.size();
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        StringBuilder sb = new StringBuilder("\r");
        if (size > 0) {
            double frac = Math.min(1.0, (double) pos / size);
            int filled = (int) (frac * BAR);
            sb.append('[').append("=".repeat(filled)).append(filled < BAR ? ">" : "")
                    .append(" ".repeat(Math.max(0, BAR - filled - 1))).append("] ")
                    .append(String.format(Locale.ROOT, "%3.0f%% ", frac * 100));
            double rate = pos / seconds;
            sb.append(Summary.bytes(pos)).append('/').append(Summary.bytes(size)).append(' ')
                    .append(Summary.bytes((long) rate)).append("/s");
            if (rate > 0) {
                sb.append(String.format(Locale.ROOT, " ETA %.0fs", (size - pos) / rate));
            }
        }
        sb.append(String.format(Locale.ROOT, " %,d pkts %,d flows  ", counters.get("capture.packets"), activeFlows));
        out.print(sb);
        out.flush();
        drawn = true;
    }

    void done() {
        if (drawn) {
            out.print("\r" + " ".repeat(100) + "\r");
            out.flush();
        }
    }

    /** Whether stderr is a terminal (Linux: fd 2 links to a tty device). */
    public static boolean stderrIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }
}
