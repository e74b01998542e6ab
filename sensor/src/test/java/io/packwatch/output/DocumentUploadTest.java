package io.packwatch.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import io.packwatch.support.SysmonEvents;
import io.packwatch.testkit.GeneratePcaps;
import io.packwatch.testkit.InspectionPcaps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcaps/inspect-documents.pcap: documents made by real tools (sensor/src/test/resources/documents/make-documents.sh)
 * uploaded over raw TCP, each to a server of its own: an office document is a zip and a PNG or a PDF holds zlib
 * streams, but sending one is not an archive upload; collecting documents into a zip, adding a foreign entry to one,
 * compressing one, or sending an archive behind one is.
 */
class DocumentUploadTest {
    private static final String WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    /** File, the document it is, its media type. */
    private static final String[][] DOCUMENTS = {
        {"pandoc.docx", "docx", WORD},
        {"python-docx.docx", "docx", WORD},
        {"picture.docx", "docx", WORD},
        {"openpyxl.xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"pandoc.pptx", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        {"pandoc.odt", "odt", "application/vnd.oasis.opendocument.text"},
        {"groff.pdf", "pdf", "application/pdf"},
        {"magick.png", "png", "image/png"},
    };
    /** File, its innermost format, the document its first format belongs to (or ""). */
    private static final String[][] ARCHIVES = {
        {"reports.zip", "zip", ""},
        {"docx-plus-loot.docx", "zip", ""},
        {"ct-only.zip", "zip", ""},
        {"python-docx.docx.gz", "zip", ""},
        {"docx-then-gzip.bin", "zip", "docx"},
        {"png-then-zip.png", "zlib", "png"},
        {"pdf-header-zlib.bin", "zlib", ""},
    };
    private static final Path PCAP = Repo.pcap("inspect-documents.pcap");

    @TempDir
    static Path tmp;

    private static SensorRun read(String... sets) throws IOException {
        List<String> args = new ArrayList<>(List.of("--read", PCAP.toString()));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        SensorRun run = SensorRun.of(tmp, args.toArray(String[]::new));
        assertEquals(0, run.exitCode);
        return run;
    }

    private static Map<String, JsonNode> byFile(List<JsonNode> records, String portField) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode r : records) {
            out.put(file(r.at(portField).asInt()), r);
        }
        return out;
    }

    private static String file(int clientPort) {
        return InspectionPcaps.DOCUMENT_SAMPLES.get(clientPort - InspectionPcaps.DOCUMENT_PORT);
    }

    /** The network rule each upload's episode raised, by file; uploads whose episode raised none are absent. */
    private static Map<String, String> rules(SensorRun run) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode alert : run.dataset("packwatch.alert")) {
            out.put(file(alert.at("/dlp/objects/0/source/port").asInt()), alert.at("/dlp/objects/0/rule/id").asText());
        }
        return out;
    }

    @Test
    void documentsAreNamedAndRaiseNoArchiveUpload() throws IOException {
        SensorRun run = read();
        Map<String, JsonNode> objects = byFile(run.objects(), "/source/port");
        Map<String, String> rules = rules(run);
        for (String[] d : DOCUMENTS) {
            JsonNode o = objects.get(d[0]);
            assertEquals(d[1], o.at("/dlp/document").asText(), d[0] + ": " + o);
            assertEquals(d[2], o.at("/file/mime_type").asText(), d[0]);
            assertFalse(rules.containsKey(d[0]), d[0] + ": " + rules.get(d[0]) + " for " + o);
        }
        assertFalse(objects.get("picture.docx").at("/dlp/archive/complete").asBoolean(),
                "the picture takes the zip past the window: only the first entries are listed");
        for (String[] a : ARCHIVES) {
            JsonNode o = objects.get(a[0]);
            assertEquals(a[1], o.at("/dlp/format").asText(), a[0]);
            assertEquals(a[2], o.at("/dlp/document").asText(), a[0] + ": " + o);
            assertEquals("pw.net.archive_upload", rules.get(a[0]), a[0]);
        }
        assertEquals(DOCUMENTS.length, run.counter("alert.documents"));
    }

    @Test
    void documentsAreArchivesWhenConfigured() throws IOException {
        SensorRun run = read("alert.documents=true");
        Map<String, String> rules = rules(run);
        assertEquals(DOCUMENTS.length + ARCHIVES.length, InspectionPcaps.DOCUMENT_SAMPLES.size());
        for (String f : InspectionPcaps.DOCUMENT_SAMPLES) {
            assertEquals("pw.net.archive_upload", rules.get(f), f);
        }
        assertEquals(0, run.counter("alert.documents"));
        // still documents in the records
        assertEquals("odt", byFile(run.objects(), "/source/port").get("pandoc.odt").at("/dlp/document").asText());
    }

    @Test
    void withEndpointEvidenceADocumentStillCorrelates() throws IOException {
        // an interpreter compressing data on the sender a minute before the uploads
        Instant before = Instant.ofEpochSecond(GeneratePcaps.T0 / GeneratePcaps.SEC - 60);
        Path events = tmp.resolve("endpoint.log");
        Files.writeString(events, before + " alice-pc sysmon: " + SysmonEvents.gzipProcessCreate(before) + "\n");
        List<String> args = new ArrayList<>(List.of("--read", PCAP.toString(), "--endpoint-events", events.toString(),
                "--set", "correlate.hosts=alice-pc=10.1.0.5"));
        SensorRun run = SensorRun.of(tmp, args.toArray(String[]::new));
        assertEquals(0, run.exitCode);
        Map<String, JsonNode> alerts = new HashMap<>();
        for (JsonNode alert : run.dataset("packwatch.alert")) {
            alerts.put(file(alert.at("/dlp/objects/0/source/port").asInt()), alert);
        }
        for (String[] d : DOCUMENTS) {
            JsonNode alert = alerts.get(d[0]);
            assertEquals("pw.corr.archive_exfil", alert.at("/rule/id").asText(), d[0] + ": " + alert);
            assertEquals(d[1], alert.at("/dlp/objects/0/dlp/document").asText(), d[0] + ": " + alert);
            assertEquals(d[1], alert.at("/dlp/document").asText(), "the lead upload's, for the SIEM: " + alert);
        }
    }
}
