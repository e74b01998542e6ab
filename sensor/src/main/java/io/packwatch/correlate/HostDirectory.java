package io.packwatch.correlate;

import io.packwatch.endpoint.Ecs;
import io.packwatch.endpoint.EndpointEvent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which IP address an endpoint event belongs to, so it can meet the packets of the same host. In
 * order of trust: the event's own {@code host.ip}; the configured name-to-address map
 * ({@code correlate.hosts}); what network-connection events taught (Sysmon EID 3 names the host
 * and the source address it used) and what the wire taught (DHCP leases, DNS answers); the address
 * of the syslog sender (when the host sends its own
 * logs, {@code correlate.trust_sender}). Host names compare case-insensitively, by the first label
 * too (so {@code alice-pc} matches {@code alice-pc.corp.example}).
 */
public final class HostDirectory {
    /** Bucket prefix of evidence filed by host name. */
    public static final String NAME = "name:";

    private final Map<String, String> configured = new HashMap<>();
    private final Map<String, String> learned;
    private final boolean trustSender;

    /**
     * @param hosts entries {@code name=ip}
     * @param maxLearned names remembered from network events; the oldest is forgotten beyond it
     */
    public HostDirectory(List<String> hosts, boolean trustSender, int maxLearned) {
        for (String h : hosts) {
            int eq = h.indexOf('=');
            if (eq <= 0 || eq == h.length() - 1) {
                throw new IllegalArgumentException("correlate.hosts: '" + h + "' is not name=ip");
            }
            configured.put(key(h.substring(0, eq)), h.substring(eq + 1).trim());
        }
        this.trustSender = trustSender;
        this.learned = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > maxLearned;
            }
        };
    }

    /** Learns from a network-connection event which address its host uses. */
    public void learn(EndpointEvent e) {
        String name = e.get(Ecs.HOST_NAME);
        // the source opened the connection: for an inbound one (Defender's InboundConnectionAccepted) it is the peer
        String ip = "ingress".equals(e.get(Ecs.NETWORK_DIRECTION)) ? e.get(Ecs.HOST_IP) : e.get(Ecs.SOURCE_IP);
        if ("network_connection".equals(e.category()) && name != null && ip != null && !isLoopback(ip)) {
            learned.put(key(name), ip);
        }
    }

    /**
     * Where the event's evidence is filed until an episode asks: its own address when it has one,
     * else its host name (as {@code name:<name>}, resolved when an episode closes, so a name learnt
     * later still counts), else the syslog sender when trusted; null when nothing names the host.
     */
    public String bucketOf(EndpointEvent e) {
        String ip = e.get(Ecs.HOST_IP);
        if (ip != null && !isLoopback(ip)) {
            return ip;
        }
        String name = e.get(Ecs.HOST_NAME);
        if (name != null && !name.isBlank()) {
            return NAME + key(name);
        }
        return trustSender ? e.sender() : null;
    }

    /** Learns a name's address from the wire (DHCP, DNS). */
    public void learn(String name, String ip) {
        if (!name.isBlank() && !isLoopback(ip)) {
            learned.put(key(name), ip);
        }
    }

    /** The buckets whose evidence belongs to {@code ip}: the address itself and every name known for it. */
    public List<String> bucketsOf(String ip) {
        List<String> out = new java.util.ArrayList<>();
        out.add(ip);
        for (Map<String, String> m : List.of(configured, learned)) {
            for (Map.Entry<String, String> e : m.entrySet()) {
                if (e.getValue().equals(ip) && !out.contains(NAME + e.getKey())) {
                    out.add(NAME + e.getKey());
                }
            }
        }
        return out;
    }

    /** For a name bucket: whether its name maps to an address (else the senders decide). */
    public boolean resolves(String bucket) {
        String k = bucket.substring(NAME.length());
        return configured.containsKey(k) || learned.containsKey(k);
    }

    /** Whether evidence from a name nothing maps may be attributed to its syslog sender. */
    public boolean trustSender() {
        return trustSender;
    }

    /** Host names known for an address (configured or learned), for {@code related.hosts}. */
    public String nameOf(String ip) {
        for (Map.Entry<String, String> m : configured.entrySet()) {
            if (m.getValue().equals(ip)) {
                return m.getKey();
            }
        }
        for (Map.Entry<String, String> m : learned.entrySet()) {
            if (m.getValue().equals(ip)) {
                return m.getKey();
            }
        }
        return null;
    }

    private static String key(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        int dot = n.indexOf('.');
        return dot > 0 && !Character.isDigit(n.charAt(0)) ? n.substring(0, dot) : n;
    }

    private static boolean isLoopback(String ip) {
        return ip.startsWith("127.") || ip.equals("::1");
    }
}
