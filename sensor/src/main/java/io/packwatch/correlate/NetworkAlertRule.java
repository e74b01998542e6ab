package io.packwatch.correlate;

import io.packwatch.decode.NetworkDirection;
import io.packwatch.flow.Flow;
import io.packwatch.inspect.InspectedObject;
import io.packwatch.inspect.ObjectObserver;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides what each reported object means on its own, then hands it to correlation. The
 * network-only rules: an object leaving the home networks that holds an archive, or compressed data a
 * decoder confirmed ({@code pw.net.archive_upload}), or encrypted data outside the protocols encrypted by design
 * ({@code pw.net.encrypted_upload}), above a size; downloads ({@code pw.net.archive_download}) only
 * when configured. A document sent as itself (Office, OpenDocument, PNG, PDF) is not an archive, unless configured.
 * Destinations on the allowlists (networks, or TLS/HTTP names) end here. Every
 * outbound object that carries something, and every outbound TLS session of at least
 * {@code correlate.tls_min_bytes}, goes on to the
 * {@link Correlator}, whose episode decides the alert.
 */
public final class NetworkAlertRule implements ObjectObserver {
    private final NetworkDirection direction;
    private final AtomicReference<AlertPolicy> policy;
    private final ObjectReport report;
    private final Correlator correlator;
    private final Counter alerts;
    private final Counter allowlisted;
    private final Counter documents;

    /** @param policy read once per object, so a reload applies from the next object on */
    public NetworkAlertRule(NetworkDirection direction, AtomicReference<AlertPolicy> policy, ObjectReport report,
                            Correlator correlator, Counters counters) {
        this.direction = direction;
        this.policy = policy;
        this.report = report;
        this.correlator = correlator;
        this.alerts = counters.counter("alert.network");
        this.allowlisted = counters.counter("alert.allowlisted");
        this.documents = counters.counter("alert.documents");
    }

    @Override
    public void onObject(InspectedObject o) {
        report.report(o);
        Flow f = o.flow();
        boolean fromClient = o.direction() == Flow.FROM_CLIENT;
        long srcHi = fromClient ? f.clientHi() : f.serverHi();
        long srcLo = fromClient ? f.clientLo() : f.serverLo();
        long dstHi = fromClient ? f.serverHi() : f.clientHi();
        long dstLo = fromClient ? f.serverLo() : f.clientLo();
        String dir = direction.of(f.ipVersion(), srcHi, srcLo, dstHi, dstLo);
        AlertPolicy p = policy.get();
        boolean document = document(o, p);
        NetworkAlert alert = decide(o, dir, p, document);
        if (document && dir.equals("outbound")) {
            documents.inc();
        }
        boolean upload = dir.equals("outbound")
                && ("tls".equals(o.protocol()) ? o.size() >= p.tlsMinBytes() : o.carriesSomething());
        if (alert == null && !upload) {
            return;
        }
        if (p.allowedDestinations().contains(f.ipVersion(), dstHi, dstLo) || allowedName(o, p.allowedDomains())) {
            allowlisted.inc();
            return;
        }
        if (alert != null) {
            alerts.inc();
        }
        correlator.onObject(o, alert, dir);
    }

    /**
     * The network-only verdict for an object sent in direction {@code dir}, or null; a {@code document}'s formats
     * are its own, not an archive.
     */
    static NetworkAlert decide(InspectedObject o, String dir, AlertPolicy p, boolean document) {
        if (o.size() < p.minBytes() || !o.carriesSomething()) {
            return null;
        }
        boolean archive = !o.detections().isEmpty() && !document || structurallyCompressed(o);
        if (dir.equals("outbound")) {
            if (archive) {
                return NetworkAlert.ARCHIVE_UPLOAD;
            }
            return o.protocol() == null && "encrypted".equals(o.dataClass()) ? NetworkAlert.ENCRYPTED_UPLOAD : null;
        }
        return dir.equals("inbound") && p.downloads() && archive ? NetworkAlert.ARCHIVE_DOWNLOAD : null;
    }

    /**
     * A document sent as itself (an office document, a PNG image, a PDF file): not an archive, unless
     * {@code alert.documents} says so. The other formats found in it may only be what such a file embeds: zlib (PNG
     * and PDF streams), and in an office document zips (embedded documents) too; so a zip after a PNG, or a gzip
     * after a docx, is an archive. A document that decodes like a bomb (a sheet of one repeated value, a blank
     * screenshot) is still a document.
     */
    private static boolean document(InspectedObject o, AlertPolicy p) {
        String kind = o.document();
        if (p.documents() || kind == null) {
            return false;
        }
        boolean zipAllowed = !kind.equals("png") && !kind.equals("pdf");
        for (var d : o.detections()) {
            if (!"zlib".equals(d.format()) && !(zipAllowed && "zip".equals(d.format()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compressed data without a container whose structure confirmed it: a headerless stream that
     * trial-decodes from its first byte (what .NET's DeflateStream or Python's zlib with negative
     * wbits write), or a deflate block or an xz chunk header or stream end found inside it. Counts as an archive; a
     * verdict of the statistics alone does not (they also call media files compressed).
     */
    private static boolean structurallyCompressed(InspectedObject o) {
        return "compressed".equals(o.dataClass()) && o.classBasis().structureConfirmed();
    }

    /** Whether the destination's name (TLS SNI, else HTTP Host) is allowlisted, as itself or a subdomain. */
    private static boolean allowedName(InspectedObject o, List<String> allowedDomains) {
        String host = o.context().serverName() != null ? o.context().serverName() : o.context().host();
        if (host == null || allowedDomains.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(':') == colon) {
            h = h.substring(0, colon);
        }
        for (String d : allowedDomains) {
            if (h.equals(d) || h.endsWith("." + d)) {
                return true;
            }
        }
        return false;
    }
}
