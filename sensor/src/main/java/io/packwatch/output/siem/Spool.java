package io.packwatch.output.siem;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.zip.CRC32C;

/**
 * A bounded on-disk queue of messages for one target, kept while the SIEM is down or slow.
 *
 * <p>Layout: a directory of append-only segment files {@code 00000000000000000001.seg}, ...,
 * names generated here from a counter, never from anything the network said. Each record is
 * {@code u32 length, u32 CRC-32C of the message, message}. Writes go to a fresh segment after a
 * restart and roll over at {@code segmentBytes}; with {@code fsync} each append is forced to disk
 * before it counts as spooled (alerts are rare, so this costs little).
 *
 * <p>Reading keeps two cursors: {@code read} (handed to the sender) and {@code commit} (known
 * delivered). A failed connection rewinds {@code read} to {@code commit}, so nothing sent but
 * unconfirmed is lost; a segment is deleted once {@code commit} has passed its end. The commit
 * position is saved in {@code cursor} on close, so a restart neither loses nor repeats
 * confirmed records. A damaged record (impossible length, short file, CRC mismatch: a torn
 * write or a bad disk) ends its segment: the rest of that segment is counted and skipped.
 */
final class Spool implements Closeable {
    static final int RECORD_HEADER = 8;
    private static final String SUFFIX = ".seg";

    /** Where a record ends: its segment and the offset after it. */
    record Position(long segment, long offset) {
    }

    /** A record handed to the sender. */
    record Entry(byte[] message, Position end) {
    }

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final boolean fsync;
    private final SiemStats stats;
    private final Deque<Long> segments = new ArrayDeque<>(); // oldest first
    private long bytes;
    private long nextSegment;

    private FileChannel writer;
    private long writerSegment = -1;
    private long writerSize;

    private FileChannel reader;
    private long readerSegment = -1;
    private long readOffset;
    private Position commit;
    /** Sizes of closed segments (they no longer change), so the sender's checks make no system calls. */
    private final java.util.Map<Long, Long> sizes = new java.util.HashMap<>();
    /** Read-ahead over the reader's segment: replay reads many small records. */
    private final ByteBuffer readAhead = ByteBuffer.allocate(1 << 16);
    private long readAheadOffset = -1;
    /** Segments whose damaged tail was skipped: where their last good record ends. */
    private final java.util.Map<Long, Long> damagedEnds = new java.util.HashMap<>();
    private String lastDeleteError;

    Spool(Path dir, long maxBytes, long segmentBytes, boolean fsync, SiemStats stats) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
        this.stats = stats;
        Files.createDirectories(dir);
        java.util.List<Long> found = new java.util.ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                try {
                    long seq = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
                    found.add(seq);
                    bytes += Files.size(p);
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        }
        found.sort(null);
        segments.addAll(found);
        nextSegment = found.isEmpty() ? 1 : found.get(found.size() - 1) + 1;
        commit = new Position(segments.isEmpty() ? nextSegment : segments.peekFirst(), 0);
        Path cursor = dir.resolve("cursor");
        if (Files.isRegularFile(cursor)) {
            String[] parts = Files.readString(cursor, StandardCharsets.US_ASCII).trim().split(" ");
            try {
                long seg = Long.parseLong(parts[0]);
                long off = Long.parseLong(parts[1]);
                if (seg == commit.segment() && off >= 0) {
                    commit = new Position(seg, off);
                }
            } catch (RuntimeException e) {
                // a damaged cursor: start at the oldest segment (at-least-once)
            }
        }
        rewind();
    }

    /** Spool bytes on disk, including delivered records of a segment not yet deleted. */
    long bytes() {
        return bytes;
    }

    /** Whether a record is waiting to be read. */
    boolean hasUnread() {
        if (segments.isEmpty()) {
            return false;
        }
        return readerSegment != segments.peekLast() || readOffset < sizeOf(readerSegment);
    }

    /** Appends a message; false when it does not fit in {@code maxBytes}. */
    boolean append(byte[] message) {
        long need = RECORD_HEADER + (long) message.length;
        if (bytes + need > maxBytes) {
            return false;
        }
        try {
            if (writer == null || writerSize + need > segmentBytes && writerSize > 0) {
                startSegment();
            }
            CRC32C crc = new CRC32C();
            crc.update(message);
            ByteBuffer head = ByteBuffer.allocate(RECORD_HEADER).putInt(message.length).putInt((int) crc.getValue());
            head.flip();
            ByteBuffer[] record = {head, ByteBuffer.wrap(message)};
            while (head.hasRemaining() || record[1].hasRemaining()) {
                writer.write(record);
            }
            if (fsync) {
                writer.force(false);
            }
            writerSize += need;
            bytes += need;
            return true;
        } catch (IOException e) {
            undoPartialWrite();
            throw new UncheckedIOException("cannot write the SIEM spool in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A failed write (disk full: ENOSPC) may have left part of a record behind: cut the segment
     * back to its last whole record, so the spool stays readable and the next append (when space
     * returns) goes right after it. If even that fails, the next append starts a new segment and
     * the reader skips the torn tail (siem.spool_corrupt).
     */
    private void undoPartialWrite() {
        if (writer == null) {
            return;
        }
        try {
            writer.truncate(writerSize);
            if (writer.size() == writerSize) {
                return;
            }
        } catch (IOException ignored) {
            // fall through: abandon this segment
        }
        try {
            writer.close();
        } catch (IOException ignored) {
            // the channel is being dropped anyway
        }
        writer = null;
        sizes.put(writerSegment, writerSize); // readable records end here; the reader never sees the torn bytes
        writerSegment = -1;
    }

    private void startSegment() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null; // a failed open below must not leave a closed channel behind
            writerSegment = -1;
        }
        long seg = nextSegment++;
        writer = FileChannel.open(file(seg), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        writerSegment = seg;
        writerSize = 0;
        segments.addLast(writerSegment);
        if (fsync) {
            forceDirectory();
        }
    }

    /** The next unread record, or null; skips damaged segment tails. */
    Entry next() {
        try {
            while (!segments.isEmpty()) {
                if (reader == null) {
                    try {
                        reader = FileChannel.open(file(readerSegment), StandardOpenOption.READ);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        forgetRemovedSegment(readerSegment);
                        continue;
                    }
                }
                long size = sizeOf(readerSegment);
                if (readOffset < size) {
                    byte[] message = readRecord(size);
                    if (message != null) {
                        return new Entry(message, new Position(readerSegment, readOffset));
                    }
                    stats.spoolCorrupt.incrementAndGet();
                    damagedEnds.put(readerSegment, readOffset);
                    readOffset = size; // the rest of this segment cannot be framed any more
                }
                if (readerSegment == segments.peekLast()) {
                    return null;
                }
                closeReader();
                readerSegment = following(readerSegment);
                readOffset = 0;
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SIEM spool in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads the record at readOffset and moves past it; null when it is damaged. */
    private byte[] readRecord(long size) throws IOException {
        if (size - readOffset < RECORD_HEADER) {
            return null;
        }
        byte[] head = new byte[RECORD_HEADER];
        read(head, readOffset);
        ByteBuffer h = ByteBuffer.wrap(head);
        int length = h.getInt(0);
        int crc = h.getInt(4);
        if (length < 0 || length > size - readOffset - RECORD_HEADER) {
            return null;
        }
        byte[] message = new byte[length];
        read(message, readOffset + RECORD_HEADER);
        CRC32C c = new CRC32C();
        c.update(message);
        if ((int) c.getValue() != crc) {
            return null;
        }
        readOffset += RECORD_HEADER + length;
        return message;
    }

    /** Fills {@code dst} from the reader's segment at {@code pos}, through the read-ahead buffer. */
    private void read(byte[] dst, long pos) throws IOException {
        if (dst.length > readAhead.capacity()) {
            readFully(ByteBuffer.wrap(dst), pos);
            return;
        }
        if (readAheadOffset < 0 || pos < readAheadOffset || pos + dst.length > readAheadOffset + readAhead.limit()) {
            readAhead.clear();
            while (readAhead.position() < dst.length) {
                if (reader.read(readAhead, pos + readAhead.position()) < 0) {
                    throw new IOException("spool segment shrank under the reader");
                }
            }
            readAhead.flip();
            readAheadOffset = pos;
        }
        readAhead.get((int) (pos - readAheadOffset), dst);
    }

    private void readFully(ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            if (reader.read(b, pos + b.position()) < 0) {
                throw new IOException("spool segment shrank under the reader");
            }
        }
    }

    /** Marks everything up to {@code end} delivered; deletes segments left behind. */
    void commit(Position end) {
        commit = end;
        while (!segments.isEmpty() && segments.peekFirst() < end.segment()) {
            delete(segments.peekFirst());
        }
        if (!segments.isEmpty() && segments.peekFirst() == end.segment() && end.segment() != writerSegment
                && end.offset() >= endOf(end.segment()) && segments.size() > 1) {
            long next = following(end.segment());
            delete(end.segment());
            commit = new Position(next, 0);
        }
    }

    /** Puts the read cursor back at the last delivered record, after a connection failed. */
    void rewind() {
        closeReader();
        readerSegment = segments.isEmpty() ? commit.segment() : Math.max(commit.segment(), segments.peekFirst());
        readOffset = readerSegment == commit.segment() ? commit.offset() : 0;
    }

    private void delete(long seg) {
        if (seg == readerSegment) {
            closeReader();
            readerSegment = following(seg);
            readOffset = 0;
        }
        long size = sizeOf(seg);
        try {
            Files.deleteIfExists(file(seg));
        } catch (IOException e) {
            // Read-only after a disk error, or immutable: the records are delivered, so forget the
            // segment anyway. A restart finds the file and sends it again (at-least-once).
            stats.spoolDeleteErrors.incrementAndGet();
            lastDeleteError = "cannot delete spool segment " + file(seg) + ": " + e.getMessage();
        }
        bytes -= size;
        damagedEnds.remove(seg);
        sizes.remove(seg);
        segments.removeFirst();
    }

    /**
     * A segment removed from outside (an operator's clean-up): its records are lost, counted in
     * {@code siem.spool_corrupt}. If it was the one being written, the next append starts a new
     * file instead of writing on into the unlinked one.
     */
    private void forgetRemovedSegment(long seg) {
        stats.spoolCorrupt.incrementAndGet();
        closeReader();
        if (seg == writerSegment) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // the file is gone anyway
            }
            writer = null;
            writerSegment = -1;
            bytes -= writerSize;
        } else {
            bytes -= sizes.getOrDefault(seg, 0L);
        }
        long next = following(seg);
        segments.remove(seg);
        sizes.remove(seg);
        damagedEnds.remove(seg);
        readerSegment = next == seg ? nextSegment : next;
        readOffset = 0;
        if (commit.segment() == seg) {
            commit = new Position(readerSegment, 0);
        }
    }

    /** The last segment deletion that failed since the previous call, or null. */
    String takeDeleteError() {
        String e = lastDeleteError;
        lastDeleteError = null;
        return e;
    }

    private long following(long seg) {
        for (long s : segments) {
            if (s > seg) {
                return s;
            }
        }
        return seg;
    }

    private long sizeOf(long seg) {
        if (seg == writerSegment) {
            return writerSize;
        }
        Long known = sizes.get(seg);
        if (known != null) {
            return known;
        }
        try {
            long size = Files.size(file(seg));
            sizes.put(seg, size);
            return size;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Where a segment's readable records end. */
    private long endOf(long seg) {
        return damagedEnds.getOrDefault(seg, sizeOf(seg));
    }

    private Path file(long seg) {
        return dir.resolve(String.format("%020d%s", seg, SUFFIX));
    }

    private void closeReader() {
        readAheadOffset = -1;
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                // read-only
            }
            reader = null;
        }
    }

    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be opened; the data itself is forced
        }
    }

    /** Saves the commit cursor and closes the files; an empty spool leaves no files behind. */
    @Override
    public void close() throws IOException {
        closeReader();
        if (writer != null) {
            writer.close();
            writer = null;
        }
        writerSegment = -1;
        while (segments.size() == 1 && commit.segment() == segments.peekFirst()
                && commit.offset() >= endOf(segments.peekFirst())) {
            delete(segments.peekFirst());
        }
        Path cursor = dir.resolve("cursor");
        if (segments.isEmpty()) {
            Files.deleteIfExists(cursor);
            return;
        }
        Path tmp = dir.resolve("cursor.tmp");
        Files.writeString(tmp, commit.segment() + " " + commit.offset() + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, cursor, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, cursor, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
