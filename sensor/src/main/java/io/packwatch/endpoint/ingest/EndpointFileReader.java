package io.packwatch.endpoint.ingest;

import io.packwatch.config.Settings;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * {@code --endpoint-events FILE...}: syslog as a collector writes it to disk, one message per line
 * (RFC 5424 or RFC 3164 lines with or without the {@code <PRI>}, ISO 8601 or BSD timestamps, as
 * rsyslog's and syslog-ng's file templates write them), plain or gzip-compressed. Each line goes to
 * the handler on the calling thread, with no sender and transport {@code file}. A line that does not
 * start like syslog is garbage: counted ({@code endpoint.file.garbage_lines}), skipped, never fatal.
 */
public final class EndpointFileReader {
    private static final int READ_CHUNK = 64 * 1024;
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /** What one file gave; {@code problem} is null unless reading stopped early (a corrupt gzip, an I/O error). */
    public record FileResult(Path file, long lines, long messages, long garbage, long truncated, String problem) {
    }

    private final int maxMessage;
    private final Counter received;
    private final Counter bytes;
    private final Counter garbage;
    private final Counter truncatedLines;
    private final Counter unreadable;
    private final byte[] line;

    public EndpointFileReader(int maxMessage, Counters counters) {
        this.maxMessage = maxMessage;
        this.received = counters.counter("endpoint.received.file");
        this.bytes = counters.counter("endpoint.bytes.file");
        this.garbage = counters.counter("endpoint.file.garbage_lines");
        this.truncatedLines = counters.counter("endpoint.file.truncated");
        this.unreadable = counters.counter("endpoint.file.unreadable");
        this.line = new byte[maxMessage];
    }

    public static EndpointFileReader fromSettings(Settings s, Counters counters) {
        return new EndpointFileReader(IngestConfig.from(s).maxMessageBytes(), counters);
    }

    /** Reads one file to its end; a missing file throws, damage inside it ends the file with {@code problem} set. */
    public FileResult read(Path file, SyslogMessageHandler handler) throws IOException {
        long mtimeNanos = Files.getLastModifiedTime(file).toMillis() * 1_000_000L;
        long[] n = new long[4]; // lines, messages, garbage, truncated
        String problem = null;
        try (InputStream in = open(file)) {
            scan(in, n, mtimeNanos, handler);
        } catch (IOException e) {
            unreadable.inc();
            problem = e.getMessage() != null ? e.getMessage() : e.toString();
        }
        return new FileResult(file, n[0], n[1], n[2], n[3], problem);
    }

    private static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), READ_CHUNK);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, READ_CHUNK) : in;
    }

    private void scan(InputStream in, long[] n, long mtimeNanos, SyslogMessageHandler handler) throws IOException {
        byte[] chunk = new byte[READ_CHUNK];
        int len = 0;
        boolean over = false;
        int r;
        try {
            while ((r = in.read(chunk)) > 0) {
                for (int i = 0; i < r; i++) {
                    byte b = chunk[i];
                    if (b == '\n') {
                        emit(len, over, n, mtimeNanos, handler);
                        len = 0;
                        over = false;
                    } else if (len < maxMessage) {
                        line[len++] = b;
                    } else {
                        over = true;
                    }
                }
            }
        } finally {
            if (len > 0) {
                emit(len, over, n, mtimeNanos, handler);
            }
        }
    }

    private void emit(int len, boolean over, long[] n, long mtimeNanos, SyslogMessageHandler handler) {
        if (!over && len > 0 && line[len - 1] == '\r') {
            len--;
        }
        if (len == 0) {
            return;
        }
        n[0]++;
        if (!looksLikeSyslog(line, len)) {
            n[2]++;
            garbage.inc();
            return;
        }
        if (over) {
            n[3]++;
            truncatedLines.inc();
        }
        n[1]++;
        received.inc();
        bytes.add(len);
        handler.onMessage(line, 0, len, null, Transport.FILE.label, mtimeNanos, over);
    }

    /** A {@code <PRI>}, a BSD timestamp ({@code Nov 30 16:37:05}) or an ISO 8601 date-time start, and no NUL. */
    static boolean looksLikeSyslog(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (b[i] == 0) {
                return false;
            }
        }
        return pri(b, len) || bsdTimestamp(b, len) || isoTimestamp(b, len);
    }

    private static boolean pri(byte[] b, int len) {
        if (len < 3 || b[0] != '<') {
            return false;
        }
        int i = 1;
        while (i < len && i <= 4 && isDigit(b[i])) {
            i++;
        }
        return i > 1 && i < len && b[i] == '>';
    }

    private static boolean bsdTimestamp(byte[] b, int len) {
        // "Mmm dd hh:mm:ss" with the day space-padded ("Nov  3").
        if (len < 15 || b[3] != ' ' || b[6] != ' ' || b[9] != ':' || b[12] != ':') {
            return false;
        }
        boolean month = false;
        for (String m : MONTHS) {
            month |= b[0] == m.charAt(0) && b[1] == m.charAt(1) && b[2] == m.charAt(2);
        }
        return month && (b[4] == ' ' || isDigit(b[4])) && isDigit(b[5]) && isDigit(b[7]) && isDigit(b[8])
                && isDigit(b[10]) && isDigit(b[11]) && isDigit(b[13]) && isDigit(b[14]);
    }

    private static boolean isoTimestamp(byte[] b, int len) {
        // "2026-11-30T16:37:05..." (a space instead of the T too, as some templates write)
        return len >= 19 && isDigit(b[0]) && isDigit(b[1]) && isDigit(b[2]) && isDigit(b[3]) && b[4] == '-'
                && isDigit(b[5]) && isDigit(b[6]) && b[7] == '-' && isDigit(b[8]) && isDigit(b[9])
                && (b[10] == 'T' || b[10] == ' ') && isDigit(b[11]) && isDigit(b[12]) && b[13] == ':';
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
