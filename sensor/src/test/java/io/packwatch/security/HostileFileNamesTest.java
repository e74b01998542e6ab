package io.packwatch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.SensorRun;
import io.packwatch.testkit.Frames;
import io.packwatch.testkit.GeneratePcaps;
import io.packwatch.testkit.HttpSamples;
import io.packwatch.testkit.LinkLayer;
import io.packwatch.testkit.Packet;
import io.packwatch.testkit.PacketBuilder;
import io.packwatch.testkit.PcapWriter;
import io.packwatch.testkit.TcpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing from the wire names a file the sensor writes: multipart uploads whose file names are path traversals,
 * NULs, line breaks, ANSI escapes and 5000 characters go through the sensor with {@code --dump-streams}; the only files written are the output
 * and the dump directory's {@code flow-<id>-client.bin}, {@code -server.bin} and {@code .events}, and each hostile
 * name is reported as {@code file.name} of an object record that is one line of valid JSON.
 */
class HostileFileNamesTest {
    static final List<String> NAMES = List.of("../../etc/passwd", "..\\..\\x", "/etc/shadow", "a\0b.zip",
            "n".repeat(5000) + ".zip", "line\r\nbreak\u2028.gz", "\u001B[2J.tar");

    @TempDir
    Path tmp;

    @Test
    void hostileMultipartFileNamesNeverNameAFile() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path dump = work.resolve("dump");
        Object[] files = new Object[NAMES.size() * 3];
        for (int i = 0; i < NAMES.size(); i++) {
            files[3 * i] = NAMES.get(i);
            files[3 * i + 1] = "application/zip";
            files[3 * i + 2] = HttpSamples.ZIP;
        }
        byte[] body = HttpSamples.multipart(files);
        byte[] request = HttpSamples.request("POST", "/up", "Content-Type: multipart/form-data; boundary="
                + HttpSamples.BOUNDARY + "\r\n", body);
        TcpSession t = new TcpSession(LinkLayer.ethernet(), PacketBuilder.ip("10.1.0.5"), 40001,
                PacketBuilder.ip("203.0.113.30"), 80, 0x11111111L, 0x22222222L, GeneratePcaps.T0).stepNanos(10_000);
        t.handshake();
        t.sendClient(request);
        t.sendServer(HttpSamples.ok("ok\n"));
        t.closeFromClient();
        Path pcap = tmp.resolve("upload.pcap");
        try (PcapWriter w = PcapWriter.create(pcap, Frames.DLT_EN10MB)) {
            for (Packet p : t.packets()) {
                w.write(p);
            }
        }
        SensorRun r = SensorRun.of(work, "--read", pcap.toString(), "--dump-streams", dump.toString(),
                "--set", "inspect.report_min_bytes=0");
        assertEquals(0, r.exitCode);

        List<String> written = new ArrayList<>();
        try (Stream<Path> all = Files.walk(tmp)) {
            all.filter(Files::isRegularFile).forEach(p -> written.add(tmp.relativize(p).toString()));
        }
        for (String f : written) {
            assertTrue(f.equals("upload.pcap") || f.matches("work/out-\\d+\\.ndjson")
                    || f.matches("work/dump/flow-\\d+(-client\\.bin|-server\\.bin|\\.events)"), "unexpected file " + f);
        }
        assertTrue(written.stream().anyMatch(f -> f.endsWith("-client.bin")), written.toString());

        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(outFile(work), StandardCharsets.UTF_8)) {
            assertTrue(line.startsWith("{") && line.endsWith("}"), "one JSON record per line: " + line);
        }
        for (JsonNode o : r.records) {
            if (o.at("/event/dataset").asText().equals("packwatch.object") && o.at("/file/name").isTextual()) {
                names.add(o.at("/file/name").asText());
            }
        }
        // (a quoted filename is unquoted per RFC 2045, so ..\\..\\x arrives as ....x; controls are made spaces)
        assertEquals(NAMES.size(), names.size(), names.toString());
        assertTrue(names.containsAll(List.of("../../etc/passwd", "/etc/shadow", "....x")), names.toString());
    }

    private static Path outFile(Path work) throws IOException {
        try (Stream<Path> s = Files.list(work)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ndjson")).findFirst().orElseThrow();
        }
    }
}
