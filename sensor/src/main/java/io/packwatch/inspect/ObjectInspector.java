package io.packwatch.inspect;

import io.packwatch.flow.Flow;
import io.packwatch.inspect.archive.ArchiveReport;
import io.packwatch.inspect.entropy.DataClass;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Inspects one object as its bytes arrive, without holding it whole: the first
 * {@code inspect.window} bytes are kept for format detection and classification, then dropped.
 * Objects found to carry something are hashed from their first byte (the window is hashed when
 * the verdict comes, the rest as it streams by); the rest, and TLS and SSH streams that hold no
 * known format, are never hashed, which keeps plain and encrypted-by-design traffic cheap.
 */
final class ObjectInspector implements ObjectSink {
    private static final int[] NO_CHUNKS = new int[0];

    /** The worker's shared parts: settings, detector, window pool and memcap, counters. */
    private final Inspection shared;
    private final Flow flow;
    private final int direction;
    private ObjectContext context;
    /**
     * The window's chunks in the pool, in order, all full but the last: the first in a field (most
     * objects need no more), the rest in an array taken when the window outgrows it.
     */
    private int firstChunk;
    private int[] moreChunks = NO_CHUNKS;
    private int chunkCount;
    private boolean closed;
    private int windowLen;
    private boolean examined;
    private long size;
    private long missed;
    private boolean truncated;
    private List<Detection> detections = List.of();
    private ArchiveReport archive;
    private String protocol;
    /** What the stream was before a gap cut it ("tls", "ssh", "openvpn", "smb"), or null. */
    private String protocolBeforeGap;
    private String dataClass = "unknown";
    private ClassBasis classBasis = ClassBasis.TOO_SHORT;
    private String classDecoder;
    private double entropy;
    private MessageDigest sha256;
    private MessageDigest md5;
    /** Links in the worker's {@link WindowQueue} while this object holds window chunks. */
    ObjectInspector older;
    ObjectInspector newer;
    boolean queued;

    ObjectInspector(Inspection shared, Flow flow, int direction, ObjectContext context) {
        this.shared = shared;
        this.flow = flow;
        this.direction = direction;
        this.context = context;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (!closed) {
            onData(b, off, len);
        }
    }

    @Override
    public void gap(long bytes) {
        if (!closed) {
            onGap(bytes);
        }
    }

    @Override
    public void truncate() {
        if (!closed) {
            cutShort();
        }
    }

    @Override
    public void close(long endNanos) {
        if (!closed) {
            closed = true;
            shared.finished(finish(endNanos));
        }
    }

    private int chunk(int i) {
        return i == 0 ? firstChunk : moreChunks[i - 1];
    }

    void onData(byte[] b, int off, int len) {
        size += len;
        if (examined) {
            if (sha256 != null) {
                sha256.update(b, off, len);
                md5.update(b, off, len);
            }
            return;
        }
        int take = Math.min(len, shared.config.window() - windowLen);
        int kept = keep(b, off, take);
        if (kept < take) {
            // Out of window memory: decide on what is here rather than hold more.
            shared.counters.windowMemcapEarly.inc();
            examine(false);
            onDataAfterWindow(b, off + kept, len - kept);
            return;
        }
        if (windowLen == shared.config.window()) {
            examine(false);
            onDataAfterWindow(b, off + take, len - take);
        }
    }

    private void onDataAfterWindow(byte[] b, int off, int len) {
        if (sha256 != null && len > 0) {
            sha256.update(b, off, len);
            md5.update(b, off, len);
        }
    }

    /** Appends to the window, taking chunks within the memcap; returns how many bytes it kept. */
    private int keep(byte[] b, int off, int len) {
        WindowPool pool = shared.pool;
        int chunkBytes = pool.chunkBytes();
        int kept = 0;
        while (kept < len) {
            int room = chunkCount * chunkBytes - windowLen;
            if (room == 0) {
                if (!reserveChunk(chunkBytes)) {
                    break;
                }
                int taken = pool.take();
                if (chunkCount == 0) {
                    firstChunk = taken;
                } else {
                    if (chunkCount > moreChunks.length) {
                        moreChunks = java.util.Arrays.copyOf(moreChunks, Math.max(4, 2 * moreChunks.length));
                    }
                    moreChunks[chunkCount - 1] = taken;
                }
                chunkCount++;
                room = chunkBytes;
            }
            int n = Math.min(room, len - kept);
            int chunk = chunk(chunkCount - 1);
            System.arraycopy(b, off + kept, pool.slab(chunk), pool.offset(chunk) + chunkBytes - room, n);
            windowLen += n;
            kept += n;
        }
        if (chunkCount > 0) {
            shared.windowQueue.touch(this);
        }
        return kept;
    }

    /**
     * Takes a chunk's worth of the window memcap; when it is full, the idlest other object holding chunks is
     * judged on what it has and gives them back, until the chunk fits or no other object holds any.
     */
    private boolean reserveChunk(int bytes) {
        while (!shared.windows.reserve(bytes)) {
            ObjectInspector idlest = shared.windowQueue.idlestBesides(this);
            if (idlest == null) {
                return false;
            }
            shared.counters.windowReclaims.inc();
            idlest.examine(false);
        }
        return true;
    }

    /** Copies the window into the pool's scratch array and hands its chunks back. */
    private byte[] gather() {
        WindowPool pool = shared.pool;
        byte[] w = pool.scratch();
        int chunkBytes = pool.chunkBytes();
        for (int i = 0, at = 0; i < chunkCount; i++, at += chunkBytes) {
            int chunk = chunk(i);
            System.arraycopy(pool.slab(chunk), pool.offset(chunk), w, at, Math.min(chunkBytes, windowLen - at));
            pool.give(chunk);
        }
        shared.windows.release((long) chunkCount * chunkBytes);
        shared.windowQueue.remove(this);
        moreChunks = NO_CHUNKS;
        chunkCount = 0;
        return w;
    }

    void onGap(long bytes) {
        missed += bytes;
        truncated = true;
        if (!examined) {
            // What follows a gap is not the object's continuation at a known offset: decide now.
            examine(false);
        }
        dropHashes();
    }

    @Override
    public void startUnseen() {
        truncated = true;
        dropHashes();
    }

    /** The object was cut short: depth reached, or its stream ended without the sender finishing it. */
    void cutShort() {
        truncated = true;
        if (!examined) {
            examine(false);
        }
        dropHashes();
    }

    @Override
    public void continues(String protocolBefore) {
        protocolBeforeGap = protocolBefore;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public void amend(ObjectContext c) {
        context = c;
    }

    /** Ends the object and returns the verdict. */
    InspectedObject finish(long endNanos) {
        if (!examined) {
            examine(!truncated);
        }
        String sha = null;
        String md = null;
        if (sha256 != null) {
            sha = HexFormat.of().formatHex(sha256.digest());
            md = HexFormat.of().formatHex(md5.digest());
        }
        return new InspectedObject(flow, direction, endNanos, size, missed, truncated, protocol, detections, dataClass,
                classBasis, classDecoder, entropy, sha, md, context, archive);
    }

    private void examine(boolean complete) {
        examined = true;
        shared.counters.objects.inc();
        shared.counters.windowBytes.add(windowLen);
        // The scratch array is the pool's: valid until this verdict is done, and never kept.
        byte[] window = gather();
        // One pass counts the window's bytes, for the detectors (which rule out formats whose magic
        // holds a byte the window lacks) and the classification, and marks where text encodings may be.
        shared.classifier.count(window, windowLen, shared.runs);
        // Only a whole stream can be TLS or SSH by design: a body starting with TLS-like bytes is still payload. A body
        // is encrypted by design only where its declared type says so, as WinRM's are.
        protocol = context.isStream() ? streamProtocol(window, complete)
                : ProtocolHint.ofBody(context.contentType(), window, windowLen);
        try {
            detections = windowLen == 0 ? List.of()
                    : shared.detector.detect(window, 0, windowLen, complete, shared.classifier.histogram(),
                            shared.runs);
        } catch (RuntimeException e) {
            // A detector bug must not cost the stream: count it and carry on without a verdict.
            shared.counters.detectorErrors.inc();
            detections = List.of();
        }
        if (!detections.isEmpty() && detections.get(0).validated()) {
            followLayers(window, complete);
        }
        shared.classifier.classifyCounted(window, windowLen, detections, protocol);
        dataClass = shared.classifier.dataClass();
        classBasis = shared.classifier.basis();
        classDecoder = shared.classifier.decoder() == null ? null
                : shared.classifier.decoder().name().toLowerCase(java.util.Locale.ROOT);
        entropy = shared.classifier.entropy();
        if (classBasis == ClassBasis.STATISTICS && truncated && context.isStream()
                && DataClass.ENCRYPTED.label().equals(dataClass) && ProtocolHint.sshPackets(window, windowLen)) {
            // SSH packets with clear lengths, past a banner the capture missed: a weaker sign than the others,
            // so it only names what the statistics already call encrypted (never a compressor's found structure)
            shared.counters.sshByFraming.inc();
            protocol = "ssh";
            classBasis = ClassBasis.PROTOCOL;
        }
        if (!detections.isEmpty()) {
            shared.counters.archives.inc();
        }
        // A TLS or SSH session's ciphertext is unique to it: its hash would match nothing, and costs a pass over
        // every byte of the stream. A format found in such a stream (a zip behind a TLS hello) is hashed.
        if (InspectedObject.carriesSomething(detections, dataClass, classBasis, context) && shared.config.hashes()
                && !truncated && classBasis != ClassBasis.PROTOCOL) {
            sha256 = digest("SHA-256");
            md5 = digest("MD5");
            sha256.update(window, 0, windowLen);
            md5.update(window, 0, windowLen);
        }
    }

    /**
     * "tls", "ssh", "openvpn" or "smb" when the stream is encrypted by design: by its own bytes ({@link ProtocolHint}),
     * or, for bytes that are not text in a stream whose start was not seen, when they continue a stream of such a
     * protocol that a gap cut (known without searching), by OpenVPN packets or SMB 3 transform frames chaining inside
     * them, or when the connection, picked up mid-stream, is to an SSH port. OpenSSH's default cipher (chacha20-poly1305) encrypts even
     * the packet lengths, so once its banner is missed only the port says SSH.
     */
    private String streamProtocol(byte[] window, boolean complete) {
        String p = ProtocolHint.of(window, windowLen, complete, shared.classifier.histogram());
        if (p != null || !truncated || shared.classifier.looksLikeText()) {
            return p;
        }
        if (protocolBeforeGap != null) {
            shared.counters.protocolContinued.inc();
            return protocolBeforeGap;
        }
        if (ProtocolHint.openvpnInside(window, windowLen)) {
            shared.counters.openvpnMidstream.inc();
            return "openvpn";
        }
        if (ProtocolHint.smbInside(window, windowLen)) {
            shared.counters.smbMidstream.inc();
            return "smb";
        }
        if (flow.midstream() && shared.config.midstreamSshPorts().get(flow.serverPort())) {
            shared.counters.sshByPort.inc();
            return "ssh";
        }
        return null;
    }

    /** Only objects with a validated format pay for decoding layers and listing archives. */
    private void followLayers(byte[] window, boolean complete) {
        try {
            NestedInspector.Result r = shared.nested.inspect(window, windowLen, complete, detections.get(0));
            if (r != null) {
                List<Detection> all = new ArrayList<>(detections);
                all.set(0, r.detection());
                detections = List.copyOf(all);
                archive = r.report();
            }
        } catch (RuntimeException e) {
            // a bug in a layer costs the layers, not the detection
            shared.counters.detectorErrors.inc();
        }
    }

    private void dropHashes() {
        sha256 = null;
        md5 = null;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }
}
