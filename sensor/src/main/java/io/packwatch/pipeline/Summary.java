package io.packwatch.pipeline;

import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import java.util.Locale;

/** The short human summary printed to stderr when a run ends. */
public final class Summary {
    private Summary() {
    }

    public static String render(Counters c, long elapsedNanos, long records, String output, String problem) {
        double secs = Math.max(1e-9, elapsedNanos / 1e9);
        long packets = c.get("capture.packets");
        long bytes = c.get("capture.bytes");
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "packwatch: %,d packets (%s) in %.2f s: %s/s, %,.0f packets/s%n",
                packets, bytes(bytes), secs, bytes((long) (bytes / secs)), packets / secs));
        sb.append(String.format(Locale.ROOT, "  flows:      %,d (peak %,d at once), %,d timed out, %,d evicted,"
                        + " %,d picked up mid-stream%n",
                c.get("flow.created"), c.get("flow.active_peak"), c.get("flow.timed_out"), c.get("flow.evicted"),
                c.get("flow.midstream_pickups")));
        sb.append(String.format(Locale.ROOT, "  streams:    %s delivered, %,d gaps (%s missed), %,d overlap conflicts,"
                        + " %,d depth hits, %,d memcap hits%n",
                bytes(c.get("reassembly.delivered_bytes")), c.get("reassembly.gaps"),
                bytes(c.get("reassembly.gap_bytes")), c.get("reassembly.overlap_conflicts"),
                c.get("reassembly.depth_reached"), c.get("reassembly.memcap_hits")));
        long malformed = c.sum("decode.malformed.");
        sb.append(String.format(Locale.ROOT, "  decode:     %,d malformed%s, %,d not IP, %,d fragments (%,d rebuilt),"
                        + " %,d bad checksums%s%n",
                malformed, topReasons(c), c.get("decode.non_ip"), c.get("defrag.fragments"), c.get("defrag.reassembled"),
                c.sum("decode.checksum.") - c.get("decode.checksum.offload_detected"),
                c.get("decode.checksum.offload_detected") > 0 ? " (offloading detected: not rejected)" : ""));
        if (c.get("inspect.objects") > 0) {
            long documents = c.get("alert.documents");
            sb.append(String.format(Locale.ROOT, "  inspection: %,d objects, %,d with an archive or compressed format, %,d reported,"
                            + " %,d network alerts%s%n",
                    c.get("inspect.objects"), c.get("inspect.archives_found"), c.get("inspect.objects_reported"),
                    c.get("alert.network"),
                    documents > 0 ? String.format(Locale.ROOT, " (%,d outbound documents not taken for archives)", documents)
                            : ""));
        }
        long endpointMessages = c.get("endpoint.messages");
        if (endpointMessages > 0) {
            sb.append(String.format(Locale.ROOT, "  endpoint:   %,d syslog messages, %,d events, %,d Sigma/EDR alerts, %,d dropped%n",
                    endpointMessages, c.get("endpoint.sigma.events"), c.get("endpoint.sigma.alerts")
                            + c.get("endpoint.sigma.forwarded_alerts"), c.get("endpoint.dropped")));
        }
        long correlated = c.get("alert.correlated");
        long networkOnly = c.get("alert.network_only");
        if (correlated + networkOnly > 0 || c.get("correlate.episodes") > 0) {
            sb.append(String.format(Locale.ROOT, "  alerts:     %,d (%,d correlated with endpoint evidence, %,d network only)"
                            + " from %,d upload episodes%n",
                    correlated + networkOnly, correlated, networkOnly, c.get("correlate.episodes")));
        }
        long siemSent = c.get("siem.sent");
        if (siemSent + c.get("siem.spooled") > 0) {
            sb.append(String.format(Locale.ROOT, "  siem:       %,d sent, %,d spooled, %,d dropped%n", siemSent,
                    c.get("siem.spooled"), c.sum("siem.dropped")));
        }
        long errors = c.get("pipeline.internal_errors");
        if (errors > 0) {
            sb.append(String.format(Locale.ROOT, "  ERRORS:     %,d packets hit an internal error (see above)%n", errors));
        }
        sb.append(String.format(Locale.ROOT, "  output:     %,d records to %s%n", records, output));
        if (problem != null) {
            sb.append("  WARNING:    ").append(problem).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static String topReasons(Counters c) {
        StringBuilder sb = new StringBuilder();
        for (Counter k : c.all()) {
            if (k.name().startsWith("decode.malformed.") && k.get() > 0) {
                sb.append(sb.length() == 0 ? " (" : ", ")
                        .append(k.name().substring("decode.malformed.".length())).append(' ').append(k.get());
            }
        }
        return sb.length() == 0 ? "" : sb.append(')').toString();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String units = "KMGTPE";
        int u = -1;
        double v = n;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %siB", v, units.charAt(u));
    }
}
