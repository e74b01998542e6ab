package io.packwatch.correlate;

import java.util.ArrayList;
import java.util.List;

/** Uploads from one host to one destination close enough in time to be one exfiltration. */
final class Episode {
    final String src;
    final String dst;
    /** ECS network.direction: outbound for uploads, inbound for downloads that alerted. */
    final String direction;
    final long firstNanos;
    long lastNanos;
    final List<Upload> uploads = new ArrayList<>();
    int unlisted;
    long bytes;
    NetworkAlert networkAlert;
    /** The upload that raised {@link #networkAlert}: what the alert describes. */
    Upload lead;

    Episode(String src, String dst, String direction, long firstNanos) {
        this.src = src;
        this.dst = dst;
        this.direction = direction;
        this.firstNanos = firstNanos;
        this.lastNanos = firstNanos;
    }

    void add(Upload u, NetworkAlert alert, int maxListed) {
        lastNanos = Math.max(lastNanos, u.timeNanos());
        bytes += u.size();
        if (alert != null && (networkAlert == null || alert.riskScore() > networkAlert.riskScore())) {
            networkAlert = alert;
            lead = u;
        }
        if (uploads.size() < maxListed) {
            uploads.add(u);
        } else {
            unlisted++;
        }
    }

    /** The upload a network-only alert on this episode describes: the one that raised it, else the first. */
    Upload headline() {
        return lead != null ? lead : uploads.get(0);
    }

    /** Stable across runs over the same input: the same episode gets the same id live and offline. */
    String id() {
        return java.util.UUID.nameUUIDFromBytes((src + ">" + dst + "@" + firstNanos)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }
}
