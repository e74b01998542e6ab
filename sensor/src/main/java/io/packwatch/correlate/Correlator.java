package io.packwatch.correlate;

import io.packwatch.app.names.HostNameSink;
import io.packwatch.decode.IpAddress;
import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointEvent;
import io.packwatch.flow.Flow;
import io.packwatch.inspect.InspectedObject;
import io.packwatch.stats.Counter;
import io.packwatch.stats.Counters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Joins what leaves the network with what the endpoints said. Outbound objects that carry an
 * archive, compressed or encrypted data (and TLS sessions, by volume) are grouped into episodes:
 * one per source host and destination, extended while uploads keep coming. When an episode's window
 * has passed in packet time, it is scored against the endpoint evidence of the same host from
 * {@code correlate.window_before} before its first upload to {@code correlate.window_after} after
 * its last, and one alert is emitted for the whole episode.
 *
 * <p>Called from flow workers (objects), the reader (clock) and from endpoint threads (evidence): alerts and
 * uploads are rare next to packets, so one lock is cheap and keeps the join simple.
 */
public final class Correlator implements HostNameSink {
    private volatile CorrelationConfig config;
    private final HostDirectory hosts;
    private final AlertSink sink;
    private final Map<String, Episode> episodes = new LinkedHashMap<>();
    private final Map<String, ArrayDeque<Evidence>> evidenceByHost = new HashMap<>();
    private int evidenceCount;
    private long watermark = Long.MIN_VALUE;
    private final Counter episodesOpened;
    private final Counter episodesForcedClosed;
    private final Counter evidenceHeld;
    private final Counter evidenceNoHost;
    private final Counter evidenceAllowlisted;
    private final Counter evidenceEvicted;
    private final Counter alertsCorrelated;
    private final Counter alertsNetworkOnly;

    public Correlator(CorrelationConfig config, HostDirectory hosts, AlertSink sink, Counters counters) {
        this.config = config;
        this.hosts = hosts;
        this.sink = sink;
        this.episodesOpened = counters.counter("correlate.episodes");
        this.episodesForcedClosed = counters.counter("correlate.episodes_closed_early");
        this.evidenceHeld = counters.counter("correlate.evidence");
        this.evidenceNoHost = counters.counter("correlate.evidence_without_host");
        this.evidenceAllowlisted = counters.counter("correlate.evidence_allowlisted");
        this.evidenceEvicted = counters.counter("correlate.evidence_evicted");
        this.alertsCorrelated = counters.counter("alert.correlated");
        this.alertsNetworkOnly = counters.counter("alert.network_only");
    }

    /**
     * Every endpoint event passes here: network-connection events teach host addresses and say which
     * process talked to which destination (held as process evidence).
     */
    /** Applies new windows and allowlists (SIGHUP); open episodes and held evidence stay. */
    public synchronized void reconfigure(CorrelationConfig newConfig) {
        this.config = newConfig;
    }

    public synchronized void onEndpointEvent(EndpointEvent e) {
        hosts.learn(e);
        if ("network_connection".equals(e.category()) && e.get(Ecs.DESTINATION_IP) != null) {
            hold(new Evidence(null, null, hosts.bucketOf(e), e));
        }
    }

    /** A host name seen on the wire (DHCP, DNS) for an address in the home networks. */
    @Override
    public synchronized void onHostName(String name, String ip) {
        hosts.learn(name, ip);
    }

    /** An endpoint analytic fired. */
    public synchronized void onEvidence(String ruleId, String ruleName, EndpointEvent e) {
        hold(new Evidence(ruleId, ruleName, hosts.bucketOf(e), e));
    }

    private void hold(Evidence ev) {
        if (ev.bucket() == null) {
            evidenceNoHost.inc();
            return;
        }
        if (allowlisted(ev.event())) {
            evidenceAllowlisted.inc();
            return;
        }
        ArrayDeque<Evidence> q = evidenceByHost.computeIfAbsent(ev.bucket(), k -> new ArrayDeque<>());
        q.addLast(ev);
        evidenceHeld.inc();
        if (++evidenceCount > config.maxEvidence()) {
            evictOldestEvidence();
        }
    }

    private boolean allowlisted(EndpointEvent e) {
        String exe = e.get(Ecs.PROCESS_EXECUTABLE);
        if (exe != null) {
            String lower = exe.toLowerCase(Locale.ROOT);
            String base = Names.basename(lower);
            for (String p : config.allowProcesses()) {
                String a = p.toLowerCase(Locale.ROOT);
                if (a.equals(lower) || a.equals(base)) {
                    return true;
                }
            }
        }
        String user = e.get(Ecs.USER_NAME);
        return user != null && config.allowUsers().stream().anyMatch(u -> u.equalsIgnoreCase(user));
    }

    private void evictOldestEvidence() {
        ArrayDeque<Evidence> oldest = null;
        for (ArrayDeque<Evidence> q : evidenceByHost.values()) {
            if (!q.isEmpty() && (oldest == null || q.peekFirst().timeNanos() < oldest.peekFirst().timeNanos())) {
                oldest = q;
            }
        }
        if (oldest != null) {
            oldest.pollFirst();
            evidenceCount--;
            evidenceEvicted.inc();
        }
    }

    /**
     * An object the network rule passed on (outbound and carrying something or TLS, or one it
     * alerted on): joins (or opens) the episode of its sender and receiver.
     *
     * @param networkAlert the network-only rule's verdict for it, or null
     * @param direction ECS network.direction of the object's transfer
     */
    public void onObject(InspectedObject o, NetworkAlert networkAlert, String direction) {
        Flow f = o.flow();
        boolean fromClient = o.direction() == Flow.FROM_CLIENT;
        String client = IpAddress.format(f.ipVersion(), f.clientHi(), f.clientLo());
        String server = IpAddress.format(f.ipVersion(), f.serverHi(), f.serverLo());
        int srcPort = fromClient ? f.clientPort() : f.serverPort();
        int dstPort = fromClient ? f.serverPort() : f.clientPort();
        offer(fromClient ? client : server, fromClient ? server : client, direction,
                Upload.of(o, srcPort, dstPort, networkAlert), networkAlert);
    }

    /** Adds an upload to its episode. */
    synchronized void offer(String src, String dst, String direction, Upload u, NetworkAlert networkAlert) {
        advance(u.timeNanos());
        String key = src + ">" + dst;
        Episode ep = episodes.get(key);
        if (ep == null) {
            if (episodes.size() >= config.maxEpisodes()) {
                Iterator<Episode> oldest = episodes.values().iterator();
                Episode victim = oldest.next();
                oldest.remove();
                close(victim);
                episodesForcedClosed.inc();
            }
            ep = new Episode(src, dst, direction, u.timeNanos());
            episodes.put(key, ep);
            episodesOpened.inc();
        }
        ep.add(u, networkAlert, config.maxObjectsListed());
    }

    /** Packet time moved on: emits the alerts of episodes whose window has passed. */
    public synchronized void advance(long nowNanos) {
        if (nowNanos <= watermark) {
            return;
        }
        watermark = nowNanos;
        Iterator<Episode> it = episodes.values().iterator();
        while (it.hasNext()) {
            Episode ep = it.next();
            if (ep.lastNanos + config.afterNanos() < nowNanos) {
                close(ep);
                it.remove();
            }
        }
        pruneEvidence(nowNanos - config.beforeNanos() - config.afterNanos());
    }

    /** End of input or shutdown: every open episode is scored and emitted now. */
    public synchronized void flush() {
        List<Episode> open = new ArrayList<>(episodes.values());
        episodes.clear();
        for (Episode ep : open) {
            close(ep);
        }
    }

    private void pruneEvidence(long before) {
        for (ArrayDeque<Evidence> q : evidenceByHost.values()) {
            while (!q.isEmpty() && q.peekFirst().timeNanos() < before) {
                q.pollFirst();
                evidenceCount--;
            }
        }
    }

    private void close(Episode ep) {
        List<Evidence> matched = new ArrayList<>();
        long from = ep.firstNanos - config.beforeNanos();
        long to = ep.lastNanos + config.afterNanos();
        for (String bucket : hosts.bucketsOf(ep.src)) {
            collect(evidenceByHost.get(bucket), ep, from, to, false, matched);
        }
        if (hosts.trustSender()) {
            // Names nothing maps to an address: the host that sent the log is the host it describes.
            for (Map.Entry<String, ArrayDeque<Evidence>> b : evidenceByHost.entrySet()) {
                if (b.getKey().startsWith(HostDirectory.NAME) && !hosts.resolves(b.getKey())) {
                    collect(b.getValue(), ep, from, to, true, matched);
                }
            }
        }
        matched.sort(Comparator.comparingLong(Evidence::timeNanos));
        Alert alert = EpisodeScorer.score(ep, matched, config, hosts.nameOf(ep.src));
        if (alert == null) {
            return;
        }
        if (alert.ruleId().startsWith("pw.corr.")) {
            alertsCorrelated.inc();
        } else {
            alertsNetworkOnly.inc();
        }
        sink.emit(alert);
    }

    private static void collect(ArrayDeque<Evidence> q, Episode ep, long from, long to, boolean bySender,
                                List<Evidence> out) {
        if (q == null) {
            return;
        }
        for (Evidence ev : q) {
            if (ev.timeNanos() >= from && ev.timeNanos() <= to && relevant(ev, ep)
                    && (!bySender || ep.src.equals(ev.event().sender()))) {
                out.add(ev);
            }
        }
    }

    /** Analytic hits always count; a bare network-connection event only when it went to this destination. */
    private static boolean relevant(Evidence ev, Episode ep) {
        return ev.ruleId() != null || ep.dst.equals(ev.event().get(Ecs.DESTINATION_IP));
    }
}
