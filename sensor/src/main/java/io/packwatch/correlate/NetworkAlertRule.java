package io.packwatch.correlate;

import io.packwatch.decode.CidrSet;
import io.packwatch.decode.NetworkDirection;
import io.packwatch.flow.Flow;
import io.packwatch.inspect.InspectedObject;
import io.packwatch.inspect.ObjectObserver;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;

/**
 * The network-only rules: an object leaving the home networks that holds an archive
 * ({@code pw.net.archive_upload}) or encrypted data outside TLS or SSH
 * ({@code pw.net.encrypted_upload}), above a size, to a destination not allowlisted. Downloads
 * alert only when configured.
 */
public final class NetworkAlertRule implements ObjectObserver {
    private final NetworkDirection direction;
    private final CidrSet allowed;
    private final long minBytes;
    private final boolean downloads;
    private final ObjectReport report;
    private final Counter alerts;
    private final Counter allowlisted;

    public NetworkAlertRule(NetworkDirection direction, CidrSet allowed, long minBytes, boolean downloads,
                            ObjectReport report, Counters counters) {
        this.direction = direction;
        this.allowed = allowed;
        this.minBytes = minBytes;
        this.downloads = downloads;
        this.report = report;
        this.alerts = counters.counter("alert.network");
        this.allowlisted = counters.counter("alert.allowlisted");
    }

    @Override
    public void onObject(InspectedObject o) {
        report.report(o, decide(o));
    }

    NetworkAlert decide(InspectedObject o) {
        if (o.size() < minBytes || !o.carriesSomething()) {
            return null;
        }
        Flow f = o.flow();
        boolean fromClient = o.direction() == Flow.FROM_CLIENT;
        long srcHi = fromClient ? f.clientHi() : f.serverHi();
        long srcLo = fromClient ? f.clientLo() : f.serverLo();
        long dstHi = fromClient ? f.serverHi() : f.clientHi();
        long dstLo = fromClient ? f.serverLo() : f.clientLo();
        String dir = direction.of(f.ipVersion(), srcHi, srcLo, dstHi, dstLo);
        boolean archive = !o.detections().isEmpty();
        NetworkAlert alert;
        if (dir.equals("outbound")) {
            if (archive) {
                alert = NetworkAlert.ARCHIVE_UPLOAD;
            } else if (o.protocol() == null && "encrypted".equals(o.dataClass())) {
                alert = NetworkAlert.ENCRYPTED_UPLOAD;
            } else {
                return null;
            }
        } else if (dir.equals("inbound") && downloads && archive) {
            alert = NetworkAlert.ARCHIVE_DOWNLOAD;
        } else {
            return null;
        }
        if (allowed.contains(f.ipVersion(), dstHi, dstLo)) {
            allowlisted.inc();
            return null;
        }
        alerts.inc();
        return alert;
    }
}
