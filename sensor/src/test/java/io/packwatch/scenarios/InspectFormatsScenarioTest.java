package io.packwatch.scenarios;

import static io.packwatch.scenarios.Scenario.assertArchiveUpload;
import static io.packwatch.scenarios.Scenario.assertDetected;
import static io.packwatch.scenarios.Scenario.assertWhole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.Repo;
import io.packwatch.testkit.InspectionPcaps;
import io.packwatch.testkit.InspectionSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcaps/inspect-formats.pcap: every built-in format, as a real tool wrote it (sensor/src/test/resources/formats),
 * uploaded over raw TCP from 10.1.0.6 to 203.0.113.20:4444, one flow per sample on client port 62001 + index.
 */
class InspectFormatsScenarioTest {
    @TempDir
    static Path tmp;
    private static Scenario scenario;
    private static Map<Integer, JsonNode> objects;

    /** One upload: its sample, what the sensor must name it, and a piece of what the validator saw. */
    private record Upload(int port, String sample, String format, String mime, String detail) {
        byte[] bytes() {
            return InspectionSamples.resource("formats/" + sample);
        }
    }

    private static final List<Upload> UPLOADS = List.of(
            new Upload(62001, "cli.gz", "gzip", "application/gzip", "os=3"),
            new Upload(62002, "cli.bz2", "bzip2", "application/x-bzip2", "level=9"),
            new Upload(62003, "py.zlib", "zlib", "application/zlib", "window=32768"),
            new Upload(62004, "cli.zip", "zip", "application/zip", "first=secret.txt method=deflate"),
            new Upload(62005, "hand-v4.rar", "rar", "application/vnd.rar", "version=4"),
            new Upload(62006, "hand-v5.rar", "rar", "application/vnd.rar", "version=5"),
            new Upload(62007, "cli.7z", "7z", "application/x-7z-compressed", "version=0.4"),
            new Upload(62008, "cli.xz", "xz", "application/x-xz", "check=crc64"),
            new Upload(62009, "cli.lzma", "lzma", "application/x-lzma", "dict=8388608"),
            new Upload(62010, "cli.zst", "zstd", "application/zstd", "size=12745"),
            new Upload(62011, "cli.lz4", "lz4", "application/x-lz4", "content-checksum"),
            new Upload(62012, "cli.tar", "tar", "application/x-tar", "variant=ustar first=secret.txt"),
            new Upload(62013, "cli-v7.tar", "tar", "application/x-tar", "variant=v7 first=notes.txt"),
            new Upload(62014, "cli.cab", "cab", "application/vnd.ms-cab-compressed", "files=2"),
            new Upload(62015, "cli.Z", "compress", "application/x-compress", "maxbits=16"),
            new Upload(62016, "java.sz", "snappy", "application/x-snappy-framed", "first-chunk=compressed"),
            new Upload(62017, "cli.arj", "arj", "application/x-arj", "archive=cli.arj"),
            new Upload(62018, "cli-newc.cpio", "cpio", "application/x-cpio", "variant=newc first=secret.txt"),
            new Upload(62019, "cli-bin.cpio", "cpio", "application/x-cpio", "variant=binary-le first=notes.txt"),
            new Upload(62020, "cli.a", "ar", "application/x-archive", "first=secret.txt/"));

    @BeforeAll
    static void run() {
        scenario = Scenario.of(tmp, "inspect-formats.pcap");
        assertEquals(0, scenario.run.exitCode);
        objects = scenario.objects();
    }

    @Test
    void everyFormatOfTheSignaturesHasAnUpload() throws Exception {
        Set<String> signatures = Files.readAllLines(Repo.root().resolve("signatures/formats.yaml")).stream()
                .filter(l -> l.startsWith("- format: ")).map(l -> l.substring(10).trim())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(17, signatures.size(), signatures.toString());
        assertEquals(signatures, UPLOADS.stream().map(Upload::format).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(InspectionPcaps.FORMAT_SAMPLES, UPLOADS.stream().map(Upload::sample).toList(),
                "the generator's flows, in port order");
    }

    @Test
    void eachUploadIsDetectedAtOffsetZeroValidatedAndHashed() {
        assertEquals(UPLOADS.size(), objects.size(), objects.keySet().toString());
        for (Upload u : UPLOADS) {
            JsonNode o = objects.get(u.port());
            assertDetected(o, u.format(), 0, "none", u.format());
            assertWhole(o, u.bytes());
            assertEquals(u.mime(), o.at("/file/mime_type").asText(), u.sample());
            assertTrue(o.at("/dlp/detail").asText().contains(u.detail()), u.sample() + ": " + o.at("/dlp/detail"));
            assertEquals("compressed", o.at("/dlp/class").asText(), u.sample());
            assertEquals("outbound", o.at("/network/direction").asText());
            assertEquals("10.1.0.6", o.at("/source/ip").asText());
            assertEquals("203.0.113.20", o.at("/destination/ip").asText());
            assertEquals(4444, o.at("/destination/port").asInt());
            assertEquals("client", o.at("/dlp/stream").asText());
        }
    }

    @Test
    void uploadsOfAtLeastOneKibibyteAlert() {
        // alert.min_bytes is 1 KiB: only the tar, v7 tar, compress, newc cpio and ar samples are that large.
        Map<Integer, JsonNode> alerts = scenario.alerts();
        assertEquals(Set.of(62012, 62013, 62015, 62018, 62020), alerts.keySet());
        for (Upload u : UPLOADS) {
            if (alerts.containsKey(u.port())) {
                assertTrue(u.bytes().length >= 1024, u.sample());
                assertArchiveUpload(alerts.get(u.port()), objects.get(u.port()));
            } else {
                assertTrue(u.bytes().length < 1024, u.sample());
            }
        }
    }

    @Test
    void withoutTheSizeFloorEveryFormatAlerts() {
        Scenario all = Scenario.of(tmp, "inspect-formats.pcap", "alert.min_bytes=0B");
        Map<Integer, JsonNode> alerts = all.alerts();
        assertEquals(objects.keySet(), alerts.keySet());
        alerts.forEach((port, a) -> assertArchiveUpload(a, objects.get(port)));
    }

    @Test
    void countersAddUp() {
        assertEquals(20, scenario.flows().size());
        scenario.flows().forEach(f -> assertEquals("SF", f.at("/dlp/flow/state").asText()));
        assertEquals(20, scenario.counter("inspect.objects"));
        assertEquals(20, scenario.counter("inspect.archives_found"));
        assertEquals(20, scenario.counter("inspect.objects_reported"));
        assertEquals(0, scenario.counter("inspect.detector_errors"));
        assertEquals(0, scenario.counter("reassembly.gaps"));
    }
}
