package io.packwatch.inspect;

/**
 * One object being inspected as its bytes arrive, opened by the application layer with
 * {@link Inspection#open}. Calls come from the flow's worker thread only.
 */
public interface ObjectSink {
    /** A sink that drops everything, for objects nobody inspects. */
    ObjectSink NONE = new ObjectSink() {
        @Override
        public void write(byte[] b, int off, int len) {
        }

        @Override
        public void gap(long bytes) {
        }

        @Override
        public void truncate() {
        }

        @Override
        public void amend(ObjectContext context) {
        }

        @Override
        public void close(long endNanos) {
        }
    };

    /** The next bytes of the object; the array is only read during the call. */
    void write(byte[] b, int off, int len);

    /** {@code bytes} bytes of the object were lost (a capture gap): the object is truncated. */
    void gap(long bytes);

    /** The object was cut short (depth reached, a decoding limit, the stream ended mid-object). */
    void truncate();

    /**
     * The object began before the capture did (a stream picked up mid-flow): it is truncated, and what is seen is
     * inspected as it comes. Call before the first {@link #write}.
     */
    default void startUnseen() {
    }

    /**
     * The bytes to come continue a stream that a gap cut, whose part before the gap was {@code protocol} ("tls",
     * "ssh", "openvpn", "smb") by design: a gap does not change what a connection carries, so high-entropy bytes after it are
     * taken as the same protocol. Call before the first {@link #write}, after {@link #startUnseen}.
     */
    default void continues(String protocol) {
    }

    /**
     * The protocol the object's stream was found to be encrypted by ("tls", "ssh", "openvpn", "smb"), once judged;
     * else null.
     */
    default String protocol() {
        return null;
    }

    /**
     * Replaces what the application layer said about the object, for facts learnt after it was opened (the
     * TLS version comes with the server's hello, after the client's object has begun).
     */
    void amend(ObjectContext context);

    /** Ends the object: its verdict is reported. Further calls are ignored. */
    void close(long endNanos);
}
