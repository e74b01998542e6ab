package io.packwatch.capture;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only file seen through a sliding memory-mapped window, read without copies through the
 * kernel's page cache. Each window is unmapped as soon as the reader moves past it: mapped pages
 * count towards the process's resident memory, and a multi-gigabyte capture must not.
 */
final class MappedFile implements Closeable {
    private static final long WINDOW = 64L << 20;
    private static final Method INVOKE_CLEANER;
    private static final Object UNSAFE;

    static {
        Method cleaner = null;
        Object unsafe = null;
        try {
            // sun.misc.Unsafe.invokeCleaner: the supported-in-practice way to unmap now (JDK 9+).
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            cleaner = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Without it, the garbage collector unmaps old windows later; only memory use differs.
        }
        INVOKE_CLEANER = cleaner;
        UNSAFE = unsafe;
    }

    private final FileChannel channel;
    private final long size;
    private MappedByteBuffer window;
    private long windowStart;
    private long windowEnd;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    MappedFile(Path path) throws IOException {
        channel = FileChannel.open(path, StandardOpenOption.READ);
        size = channel.size();
    }

    long size() {
        return size;
    }

    void order(ByteOrder byteOrder) {
        order = byteOrder;
        if (window != null) {
            window.order(byteOrder);
        }
    }

    ByteOrder order() {
        return order;
    }

    /** Makes {@code [pos, pos + len)} addressable; false when that runs past the end of the file. */
    boolean ensure(long pos, long len) throws IOException {
        long end = pos + len;
        if (end > size || pos < 0 || len < 0) {
            return false;
        }
        if (window == null || pos < windowStart || end > windowEnd) {
            long mapLen = Math.max(len, Math.min(WINDOW, size - pos));
            unmap();
            window = channel.map(FileChannel.MapMode.READ_ONLY, pos, mapLen);
            window.order(order);
            windowStart = pos;
            windowEnd = pos + mapLen;
        }
        return true;
    }

    int getInt(long pos) {
        return window.getInt((int) (pos - windowStart));
    }

    int getUnsignedShort(long pos) {
        return window.getShort((int) (pos - windowStart)) & 0xFFFF;
    }

    int getUnsignedByte(long pos) {
        return window.get((int) (pos - windowStart)) & 0xFF;
    }

    long getLong(long pos) {
        return window.getLong((int) (pos - windowStart));
    }

    void get(long pos, byte[] dst, int off, int len) {
        window.get((int) (pos - windowStart), dst, off, len);
    }

    private void unmap() {
        MappedByteBuffer old = window;
        window = null;
        if (old != null && INVOKE_CLEANER != null) {
            try {
                INVOKE_CLEANER.invoke(UNSAFE, old);
            } catch (ReflectiveOperationException e) {
                // leave it to the garbage collector
            }
        }
    }

    @Override
    public void close() throws IOException {
        unmap();
        channel.close();
    }
}
