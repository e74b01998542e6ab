package io.packwatch.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One sensor run over a checked-in pcap, with its stream dump, and lookups into its records. */
final class Scenario {
    /** T0 of every generated pcap: 2026-01-01T00:00:00Z. */
    static final long T0 = 1767225600L * 1_000_000_000L;
    static final String HOST = "packwatch.test";

    final SensorRun run;
    final Path dump;

    private Scenario(SensorRun run, Path dump) {
        this.run = run;
        this.dump = dump;
    }

    /** Runs the sensor on pcaps/{@code pcap} with {@code --set} for every {@code key=value} given. */
    static Scenario of(Path tmp, String pcap, String... sets) {
        Path dump = tmp.resolve("dump-" + System.nanoTime());
        List<String> args = new ArrayList<>(List.of("--read", Repo.pcap(pcap).toString(),
                "--dump-streams", dump.toString()));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return new Scenario(SensorRun.of(tmp, args.toArray(new String[0])), dump);
    }

    List<JsonNode> flows() {
        return run.flows();
    }

    long counter(String name) {
        JsonNode n = run.stats().at("/packwatch/stats/" + name.replace('.', '/'));
        assertFalse(n.isMissingNode(), "no counter " + name + " in the stats record");
        return n.asLong();
    }

    /** The flows whose client (source) port is {@code port}. */
    List<JsonNode> flowsFrom(int port) {
        return flows().stream().filter(f -> f.at("/source/port").asInt() == port).toList();
    }

    /** The one flow whose client (source) port is {@code port}. */
    JsonNode flowFrom(int port) {
        List<JsonNode> l = flowsFrom(port);
        assertEquals(1, l.size(), "flows with client port " + port + " in " + flows());
        return l.get(0);
    }

    /** The {@code packwatch.object} records by the sender's port (each inspection capture has one per port). */
    Map<Integer, JsonNode> objects() {
        return byPort("packwatch.object");
    }

    /**
     * The {@code packwatch.alert} records by the sender's port of each object that raised a network
     * rule on its own (an episode's alert lists its objects in {@code dlp.objects}, those that did
     * with their {@code rule.id}).
     */
    Map<Integer, JsonNode> alerts() {
        Map<Integer, JsonNode> m = new TreeMap<>();
        for (JsonNode r : run.records) {
            if (r.at("/event/dataset").asText().equals("packwatch.alert")) {
                for (JsonNode o : r.at("/dlp/objects")) {
                    if (!o.at("/rule/id").isMissingNode()) {
                        JsonNode old = m.put(o.at("/source/port").asInt(), r);
                        assertTrue(old == null || old == r, "two alerts list port " + o.at("/source/port"));
                    }
                }
            }
        }
        return m;
    }

    /** The entry of an alert's {@code dlp.objects} for the object sent from {@code port}. */
    static JsonNode listed(JsonNode alert, int port) {
        for (JsonNode o : alert.at("/dlp/objects")) {
            if (o.at("/source/port").asInt() == port) {
                return o;
            }
        }
        throw new AssertionError("alert does not list port " + port + ": " + alert);
    }

    /** The {@code packwatch.object} records from {@code port}, in output order (a gap starts a new object). */
    List<JsonNode> objectsFrom(int port) {
        return run.objectsFrom(port);
    }

    private Map<Integer, JsonNode> byPort(String dataset) {
        Map<Integer, JsonNode> m = new TreeMap<>();
        for (JsonNode r : run.records) {
            if (r.at("/event/dataset").asText().equals(dataset)) {
                JsonNode old = m.put(r.at("/source/port").asInt(), r);
                assertNull(old, "two " + dataset + " records from port " + r.at("/source/port"));
            }
        }
        return m;
    }

    byte[] client(JsonNode flow) {
        return read("flow-" + flow.at("/dlp/flow/id").asText() + "-client.bin");
    }

    byte[] server(JsonNode flow) {
        return read("flow-" + flow.at("/dlp/flow/id").asText() + "-server.bin");
    }

    String events(JsonNode flow) {
        return new String(read("flow-" + flow.at("/dlp/flow/id").asText() + ".events"), StandardCharsets.US_ASCII);
    }

    /** A dumped file's bytes; a stream that never carried a byte has no file: empty. */
    private byte[] read(String name) {
        Path p = dump.resolve(name);
        try {
            return Files.exists(p) ? Files.readAllBytes(p) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    // ---- assertions shared by the scenario tests

    static void assertEndpoints(JsonNode f, String transport, String type, String clientIp, int clientPort,
                                String serverIp, int serverPort) {
        assertEquals(transport, f.at("/network/transport").asText(), "transport of " + f);
        assertEquals(type, f.at("/network/type").asText(), "network.type of " + f);
        assertEquals(clientIp, f.at("/source/ip").asText(), "source.ip of " + f);
        assertEquals(clientPort, f.at("/source/port").asInt(), "source.port of " + f);
        assertEquals(serverIp, f.at("/destination/ip").asText(), "destination.ip of " + f);
        assertEquals(serverPort, f.at("/destination/port").asInt(), "destination.port of " + f);
    }

    static void assertCounts(JsonNode f, long clientPackets, long clientBytes, long clientPayload,
                             long serverPackets, long serverBytes, long serverPayload) {
        assertEquals(clientPackets, f.at("/source/packets").asLong(), "source.packets");
        assertEquals(clientBytes, f.at("/source/bytes").asLong(), "source.bytes");
        assertEquals(clientPayload, f.at("/source/payload_bytes").asLong(), "source.payload_bytes");
        assertEquals(serverPackets, f.at("/destination/packets").asLong(), "destination.packets");
        assertEquals(serverBytes, f.at("/destination/bytes").asLong(), "destination.bytes");
        assertEquals(serverPayload, f.at("/destination/payload_bytes").asLong(), "destination.payload_bytes");
        assertEquals(clientPackets + serverPackets, f.at("/network/packets").asLong(), "network.packets");
        assertEquals(clientBytes + serverBytes, f.at("/network/bytes").asLong(), "network.bytes");
    }

    /** A cleanly closed, fully reassembled TCP flow with exactly these streams. */
    void assertCompleteTcp(JsonNode f, byte[] clientStream, byte[] serverStream) {
        assertEquals("SF", f.at("/dlp/flow/state").asText(), "state of " + f);
        assertEquals(false, f.at("/dlp/flow/midstream").asBoolean(), "midstream");
        assertEquals(0, f.at("/dlp/flow/missed_bytes").asLong(), "missed_bytes");
        assertEquals(false, f.at("/dlp/flow/truncated").asBoolean(), "truncated");
        assertEquals(0, f.at("/dlp/flow/overlap_conflict_bytes").asLong(), "overlap_conflict_bytes");
        assertStreams(f, clientStream, serverStream);
    }

    void assertStreams(JsonNode f, byte[] clientStream, byte[] serverStream) {
        assertEquals(clientStream.length, f.at("/dlp/flow/client_stream_bytes").asLong(), "client_stream_bytes");
        assertEquals(serverStream.length, f.at("/dlp/flow/server_stream_bytes").asLong(), "server_stream_bytes");
        assertEquals(text(clientStream), text(client(f)), "client stream of flow " + f.at("/dlp/flow/id"));
        assertEquals(text(serverStream), text(server(f)), "server stream of flow " + f.at("/dlp/flow/id"));
    }

    // ---- assertions on packwatch.object and packwatch.alert records

    /** A validated detection of {@code format} at {@code offset}, wrapped in {@code encoding}, with these layers. */
    static void assertDetected(JsonNode o, String format, long offset, String encoding, String... layers) {
        assertEquals(format, o.at("/dlp/format").asText(), "dlp.format of " + o);
        assertTrue(o.at("/dlp/validated").asBoolean(), "dlp.validated of " + o);
        assertEquals(offset, o.at("/dlp/offset").asLong(), "dlp.offset of " + o);
        assertEquals(encoding, o.at("/dlp/encoding").asText(), "dlp.encoding of " + o);
        assertEquals(List.of(layers), strings(o.at("/dlp/layers")), "dlp.layers of " + o);
    }

    /** The object was seen whole: exactly these bytes, hashed. */
    static void assertWhole(JsonNode o, byte[] object) {
        assertEquals(object.length, o.at("/file/size").asLong(), "file.size of " + o);
        assertEquals(sha256(object), o.at("/file/hash/sha256").asText(), "file.hash.sha256 of " + o);
        assertFalse(o.at("/dlp/truncated").asBoolean(), "dlp.truncated of " + o);
        assertEquals(0, o.at("/dlp/missed_bytes").asLong(), "dlp.missed_bytes of " + o);
    }

    /** Bytes were lost in gaps: what was seen, what was missed, and no hash of partial data. */
    static void assertPartial(JsonNode o, long seen, long missed) {
        assertEquals(seen, o.at("/file/size").asLong(), "file.size of " + o);
        assertEquals(missed, o.at("/dlp/missed_bytes").asLong(), "dlp.missed_bytes of " + o);
        assertTrue(o.at("/dlp/truncated").asBoolean(), "dlp.truncated of " + o);
        assertTrue(o.at("/file/hash").isMissingNode(), "a partial object has no hash: " + o);
    }

    /**
     * A pw.net.archive_upload alert (network only: no endpoint evidence) from the object's source to
     * its destination, listing the object with its own fields and the rule it raised.
     */
    static void assertArchiveUpload(JsonNode alert, JsonNode object) {
        assertTrue(alert != null, "no alert for " + object);
        assertEquals("alert", alert.at("/event/kind").asText());
        assertEquals("pw.net.archive_upload", alert.at("/rule/id").asText());
        assertEquals(List.of("T1560.002", "T1048"), strings(alert.at("/threat/technique/id")));
        assertEquals("outbound", alert.at("/network/direction").asText());
        assertEquals(object.at("/source/ip"), alert.at("/source/ip"));
        assertEquals(object.at("/destination/ip"), alert.at("/destination/ip"));
        JsonNode listed = listed(alert, object.at("/source/port").asInt());
        assertEquals("pw.net.archive_upload", listed.at("/rule/id").asText());
        for (String field : List.of("/destination/port", "/file/size", "/file/hash/sha256", "/dlp/format",
                "/dlp/layers")) {
            assertEquals(object.at(field), listed.at(field), field);
        }
        assertEquals(object.at("/dlp/truncated").asBoolean(), listed.at("/dlp/truncated").asBoolean(), "truncated");
    }

    /**
     * The README's "HTTP session": SYN (40-byte TCP header), SYN-ACK (40), ACK, GET, server ACK,
     * the response in 1460-byte segments each ACKed by the client, FIN/ACK both ways, final ACK
     * (32-byte TCP headers); {@code ipHeader} is the IP header length including extension headers.
     * Checks packets, bytes, payload, state, history and both streams, and that the flow ended at
     * the end of the input, its packets 1 ms apart from {@code startNanos}.
     */
    void assertHttpSession(JsonNode f, int ipHeader, byte[] get, byte[] response, long startNanos) {
        int segments = (response.length + 1459) / 1460;
        int clientPackets = 5 + segments;
        int serverPackets = 3 + segments;
        long clientBytes = (ipHeader + 40) + (long) (ipHeader + 32) * (clientPackets - 1) + get.length;
        long serverBytes = (ipHeader + 40) + (long) (ipHeader + 32) * (serverPackets - 1) + response.length;
        assertCounts(f, clientPackets, clientBytes, get.length, serverPackets, serverBytes, response.length);
        assertCompleteTcp(f, get, response);
        assertEquals("ShADadFf", f.at("/dlp/flow/history").asText(), "history");
        assertEquals("end_of_input", f.at("/event/reason").asText(), "event.reason");
        long endNanos = startNanos + (clientPackets + serverPackets - 1) * 1_000_000L;
        assertEquals(iso(startNanos), f.at("/event/start").asText(), "event.start");
        assertEquals(iso(endNanos), f.at("/event/end").asText(), "event.end");
        assertEquals(endNanos - startNanos, f.at("/event/duration").asLong(), "event.duration");
    }

    /** ISO-8601 as the records write it: 6 fraction digits, 9 when the nanoseconds need them. */
    static String iso(long nanos) {
        java.time.Instant i = java.time.Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L));
        String frac = i.getNano() % 1000 == 0 ? String.format("%06d", i.getNano() / 1000)
                : String.format("%09d", i.getNano());
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC).format(i) + "." + frac + "Z";
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The values of a JSON array of strings, e.g. {@code dlp.layers}. */
    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

}
