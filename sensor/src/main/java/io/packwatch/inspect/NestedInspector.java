package io.packwatch.inspect;

import io.packwatch.inspect.archive.ArchiveLimits;
import io.packwatch.inspect.archive.ArchiveListing;
import io.packwatch.inspect.archive.ArchiveLister;
import io.packwatch.inspect.archive.ArchiveReport;
import io.packwatch.inspect.archive.BoundedDecoder;
import io.packwatch.inspect.archive.Decoded;
import io.packwatch.inspect.archive.Documents;
import io.packwatch.stats.Counters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Follows an object's validated format inward: decodes text encodings and compression layers one
 * after another (each bounded by {@code inspect.nested.decode_limit}, at most
 * {@code inspect.max_layers} of them), runs detection again on each layer's output, lists the
 * innermost archive, or classifies the innermost bytes when they are no format. The layers go
 * through two buffers in turn, owned by this per-worker object and allocated on first use.
 */
public final class NestedInspector {
    private static final Set<String> TEXT_ENCODINGS = Set.of("base64", "base64url", "hex", "escaped");
    private final ArchiveLimits limits;
    private final Detector detector;
    private final InspectionCounters counters;
    private final BoundedDecoder decoder = new BoundedDecoder();
    private final ArchiveLister lister = new ArchiveLister();
    private final WindowClassifier classifier = new WindowClassifier();
    private final byte[][] buffers = new byte[2][];

    NestedInspector(ArchiveLimits limits, Detector detector, InspectionCounters counters) {
        this.limits = limits;
        this.detector = detector;
        this.counters = counters;
    }

    /** A nested inspector of its own, outside a worker's inspection stage (benchmarks, tools). */
    public NestedInspector(ArchiveLimits limits, Detector detector, Counters counters) {
        this(limits, detector, new InspectionCounters(counters));
    }

    /** The outcome: the detection with its full layer chain, and what the layers held. */
    public record Result(Detection detection, ArchiveReport report) {
    }

    /** Mutable state of one walk inward. */
    private static final class Walk {
        byte[] src;
        int pos;
        int end;
        boolean complete;
        boolean cutByLimit;
        Detection cur;
        int buffer;
        int steps;
        long decodedBytes;
        double ratio;
        boolean bomb;
        String reason;
        String document;
        final List<String> layers = new ArrayList<>(4);
        final StringBuilder detail = new StringBuilder();
    }

    /**
     * Walks inward from {@code outer}, a validated detection in {@code window[0, len)}; returns
     * null when there was nothing to decode or list.
     */
    public Result inspect(byte[] window, int len, boolean complete, Detection outer) {
        if (!outer.validated() || "none".equals(outer.encoding()) && !BoundedDecoder.decodes(outer.format())
                && !ArchiveLister.lists(outer.format())) {
            return null;
        }
        Walk w = new Walk();
        w.src = window;
        w.end = len;
        w.pos = (int) outer.offset();
        w.complete = complete;
        w.cur = outer;
        w.detail.append(outer.detail());
        ArchiveListing listing = null;
        String innerClass = null;
        while (true) {
            if (!"none".equals(w.cur.encoding())) {
                if (!decodeText(w)) {
                    break;
                }
                continue;
            }
            w.layers.add(w.cur.format());
            if (ArchiveLister.lists(w.cur.format())) {
                listing = list(w);
                break;
            }
            if ("zlib".equals(w.cur.format()) && sentAsItself(w)) {
                w.document = Documents.ofZlib(w.src, w.pos, w.end);
            }
            if (!BoundedDecoder.decodes(w.cur.format()) || !room(w)) {
                break;
            }
            Decoded d = decoder.decode(w.cur.format(), w.src, w.pos, w.end, next(w), limits.decodeLimit(), w.complete);
            if (!decoded(w, d)) {
                break;
            }
            Detection inner = validated(detector.detect(w.src, 0, w.end, w.complete));
            if (inner == null) {
                innerClass = classify(w.src, w.end);
                break;
            }
            w.cur = inner;
            w.pos = (int) inner.offset();
            w.detail.append(" | ").append(inner.format()).append(": ").append(inner.detail());
        }
        if (w.layers.isEmpty() || w.steps == 0 && listing == null) {
            return null; // the encoded run did not decode to the format again: keep the detection as found
        }
        if (w.bomb) {
            counters.bombs.inc();
        }
        String format = outer.format();
        for (String layer : w.layers) {
            if (!TEXT_ENCODINGS.contains(layer)) {
                format = layer; // the innermost format, not a text encoding
            }
        }
        Detection d = new Detection(format, outer.offset(), outer.encoding(), List.copyOf(w.layers), true,
                w.detail.toString());
        boolean wholly = w.reason == null && (listing == null ? w.complete : listing.complete());
        String reason = w.reason != null ? w.reason : listing != null ? listing.reason()
                : w.complete ? null : w.cutByLimit ? "decode_limit" : "the input ends";
        return new Result(d, new ArchiveReport(listing, innerClass, w.decodedBytes, w.ratio, w.bomb, wholly, reason,
                w.document));
    }

    /** One text layer (base64, hex, escaped): decodes the run and finds the format in it again. */
    private boolean decodeText(Walk w) {
        if (!room(w)) {
            return false;
        }
        byte[] dst = next(w);
        EncodedArchiveDetector.Run r = EncodedArchiveDetector.decodeRun(w.cur.encoding(), w.src, w.pos, w.end, dst,
                dst.length);
        w.steps++;
        counters.layersDecoded.inc();
        boolean cut = r.length() >= dst.length;
        if (cut) {
            counters.decodeLimitHits.inc();
        }
        boolean complete = (r.stop() < w.end || w.complete) && !cut;
        Detection inner = validated(detector.detect(dst, 0, r.length(), complete));
        if (inner == null) {
            return false;
        }
        w.layers.add(w.cur.encoding());
        w.src = dst;
        w.end = r.length();
        w.complete = complete;
        w.cutByLimit = cut;
        w.cur = inner;
        w.pos = (int) inner.offset();
        w.buffer ^= 1;
        return true;
    }

    /** Takes a compression layer's output as the next source; false when there is none. */
    private boolean decoded(Walk w, Decoded d) {
        w.steps++;
        counters.layersDecoded.inc();
        w.ratio = Math.max(w.ratio, d.ratio());
        if (d.limitHit()) {
            counters.decodeLimitHits.inc();
            if (d.ratio() > limits.maxRatio()) {
                w.bomb = true;
            }
        }
        if (d.length() == 0) {
            counters.decodeErrors.inc();
            w.reason = "cannot decode " + w.cur.format() + ": " + d.error();
            return false;
        }
        w.src = buffers[w.buffer];
        w.buffer ^= 1;
        w.end = d.length();
        w.pos = 0;
        w.complete = d.finished() && !d.limitHit();
        w.cutByLimit = d.limitHit();
        w.decodedBytes = d.length();
        return true;
    }

    private ArchiveListing list(Walk w) {
        ArchiveListing l = lister.list(w.cur.format(), w.src, w.pos, w.end, limits.maxEntries(), w.complete);
        counters.listings.inc();
        if (!l.complete()) {
            counters.listingsIncomplete.inc();
            if ("max_entries".equals(l.reason())) {
                counters.maxEntriesHits.inc();
            }
        }
        if (l.encrypted()) {
            counters.encryptedArchives.inc();
        }
        double claimed = l.declaredRatio();
        w.ratio = Math.max(w.ratio, claimed);
        if (claimed > limits.maxRatio() && l.totalSize() > limits.decodeLimit()) {
            w.bomb = true;
        }
        if (sentAsItself(w)) {
            w.document = Documents.ofZip(l, w.src, w.pos, w.end);
        }
        if (l.entries().size() > limits.listedEntries()) {
            // the record carries the first entries; the count and the ratio cover all that were read
            counters.listingCapped.inc();
            l = new ArchiveListing(l.format(), l.entryCount(), l.entries().subList(0, limits.listedEntries()),
                    l.encrypted(), l.encryption(), l.comment(), l.complete(), l.reason());
        }
        return l;
    }

    /**
     * Whether the current format's source is the object itself, or a text encoding of it: a document sent as
     * itself (a compressed one was made into an archive).
     */
    private static boolean sentAsItself(Walk w) {
        for (int i = 0; i < w.layers.size() - 1; i++) {
            if (!TEXT_ENCODINGS.contains(w.layers.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether another decoding step is allowed; counts the limit when not. */
    private boolean room(Walk w) {
        if (w.steps < limits.maxLayers()) {
            return true;
        }
        counters.maxLayersHits.inc();
        w.reason = "max_layers";
        return false;
    }

    private byte[] next(Walk w) {
        if (buffers[w.buffer] == null) {
            buffers[w.buffer] = new byte[limits.decodeLimit()];
        }
        return buffers[w.buffer];
    }

    private static Detection validated(List<Detection> ds) {
        for (Detection d : ds) {
            if (d.validated()) {
                return d;
            }
        }
        return null;
    }

    /** The class of bytes that are no format, by the window's rules. */
    private String classify(byte[] b, int len) {
        classifier.classify(b, len, List.of(), null);
        return classifier.dataClass();
    }
}
