package io.packwatch.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import io.packwatch.testkit.InspectionPcaps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlp.layers}, {@code dlp.inner_class} and {@code dlp.archive} in object records, end to end:
 * the Atomic Red Team artifacts and nested samples uploaded over raw TCP, one flow each, read by the sensor.
 */
class ArchiveRecordTest {
    private static final String[] UPLOADS = {"art/passwd.gz", "art/passwd.bz2", "art/passwd.zip", "art/passwd.tar.gz",
        "archive/upload.json", "archive/zipcrypto.zip", "archive/zeros.gz.gz", "archive/many.zip"};

    @TempDir
    Path tmp;

    private SensorRun run;
    private final Map<Integer, JsonNode> objects = new TreeMap<>();

    @BeforeEach
    void run() throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (String upload : UPLOADS) {
            bodies.add(Files.readAllBytes(Repo.root().resolve("sensor/src/test/resources").resolve(upload)));
        }
        Path pcap = tmp.resolve("uploads.pcap");
        InspectionPcaps.rawUploads(pcap, bodies, 62000, false);
        run = SensorRun.of(tmp, "--read", pcap.toString(), "--set", "inspect.archive.listed_entries=3");
        assertEquals(0, run.exitCode);
        for (JsonNode r : run.records) {
            if (r.at("/event/dataset").asText().equals("packwatch.object")) {
                objects.put(r.at("/source/port").asInt(), r);
            }
        }
    }

    private JsonNode dlp(String upload) {
        for (int i = 0; i < UPLOADS.length; i++) {
            if (UPLOADS[i].equals(upload)) {
                return objects.get(62000 + i).get("dlp");
            }
        }
        throw new AssertionError(upload);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void atomicRedTeamArtifactsCarryTheirLayersAndListings() {
        JsonNode gz = dlp("art/passwd.gz");
        assertEquals("gzip", gz.get("format").asText());
        assertEquals("plaintext", gz.get("inner_class").asText());
        assertEquals(1250, gz.at("/archive/decoded_bytes").asLong());
        assertTrue(gz.at("/archive/complete").asBoolean());
        assertFalse(gz.at("/archive").has("entries"));

        JsonNode bz2 = dlp("art/passwd.bz2");
        assertEquals("bzip2", bz2.get("format").asText());
        assertEquals("escaped", bz2.get("encoding").asText());
        assertEquals(List.of("escaped", "bzip2"), texts(bz2.get("layers")));
        assertEquals("plaintext", bz2.get("inner_class").asText());

        for (String zip : new String[] {"art/passwd.zip", "art/passwd.tar.gz"}) {
            JsonNode z = dlp(zip);
            assertEquals("zip", z.get("format").asText(), zip);
            assertEquals(1, z.at("/archive/entry_count").asInt());
            JsonNode e = z.at("/archive/entries/0");
            assertEquals("{\"name\":\"passwd\",\"size\":1250,\"compressed_size\":1250,\"method\":\"stored\",\"encrypted\":false}",
                    e.toString());
            assertFalse(z.at("/archive/encrypted").asBoolean());
            assertEquals(1.0, z.at("/archive/ratio").asDouble());
        }
    }

    @Test
    void nestedEncryptedBombAndLongArchivesAreDescribed() {
        JsonNode json = dlp("archive/upload.json");
        assertEquals("tar", json.get("format").asText());
        assertEquals("base64", json.get("encoding").asText());
        assertEquals(List.of("base64", "gzip", "tar"), texts(json.get("layers")));
        assertEquals("secret.txt", json.at("/archive/entries/0/name").asText());
        assertEquals(-1, json.at("/archive/entries/0/compressed_size").asLong());

        JsonNode enc = dlp("archive/zipcrypto.zip");
        assertTrue(enc.at("/archive/encrypted").asBoolean());
        assertEquals("zipcrypto", enc.at("/archive/encryption").asText());
        assertTrue(enc.at("/archive/entries/1/encrypted").asBoolean());

        JsonNode bomb = dlp("archive/zeros.gz.gz");
        assertEquals(List.of("gzip", "gzip"), texts(bomb.get("layers")));
        assertTrue(bomb.at("/archive/bomb").asBoolean());
        assertTrue(bomb.at("/archive/ratio").asDouble() > 100);
        assertEquals("decode_limit", bomb.at("/archive/reason").asText());

        JsonNode many = dlp("archive/many.zip");
        assertEquals(151, many.at("/archive/entry_count").asInt());
        assertEquals(3, many.at("/archive/entries").size()); // --set inspect.archive.listed_entries=3
        assertEquals("quarterly export", many.at("/archive/comment").asText());
        assertTrue(many.at("/archive/complete").asBoolean());

        assertEquals(1, run.counter("inspect.bombs"));
        assertEquals(1, run.counter("inspect.archive.encrypted"));
        assertEquals(1, run.counter("inspect.archive.listing_capped"));
        assertEquals(5, run.counter("inspect.archive.listings")); // two ART zips, tar, zipcrypto, many
    }
}
