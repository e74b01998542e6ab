package io.packwatch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The captures of real curl traffic on loopback (pcaps/capture/capture-loopback.sh): a 100000
 * byte download, a 65536 byte POST, and two keep-alive GETs of 1000 and 2000 bytes.
 */
class RealCaptureTest {
    @TempDir
    Path tmp;

    /** The bytes the capture server's /blob/N returns (same generator as upload_server.py). */
    static byte[] blob(int n) {
        byte[] out = new byte[n];
        long x = 12345;
        for (int i = 0; i < n; i++) {
            x = (x * 1103515245L + 12345) & 0x7FFFFFFF;
            out[i] = (byte) ((x >> 16) & 0xFF);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"real/curl-http-lo.pcap", "real/curl-http-any.pcapng"})
    void threeCompleteConnectionsWithTheirExactStreams(String file) throws Exception {
        Path dump = tmp.resolve("streams");
        SensorRun run = SensorRun.of(tmp, "--read", Repo.pcap(file).toString(), "--dump-streams", dump.toString());
        assertEquals(0, run.exitCode);
        List<JsonNode> flows = run.flows();
        assertEquals(3, flows.size());
        for (JsonNode f : flows) {
            assertEquals("SF", f.at("/dlp/flow/state").asText());
            assertEquals("ShADadFf", f.at("/dlp/flow/history").asText());
            assertEquals(0, f.at("/dlp/flow/missed_bytes").asLong());
            assertEquals(18080, f.at("/destination/port").asInt());
            assertEquals("127.0.0.1", f.at("/source/ip").asText());
            assertEquals("external", f.at("/network/direction").asText());
            assertTrue(f.at("/network/community_id").asText().startsWith("1:"));
        }
        // The download: response headers, then exactly the server's 100000 blob bytes.
        JsonNode download = flows.get(0);
        byte[] server = Files.readAllBytes(dump.resolve("flow-" + download.at("/dlp/flow/id").asText() + "-server.bin"));
        assertEquals(download.at("/dlp/flow/server_stream_bytes").asLong(), server.length);
        assertArrayEquals(blob(100000), Arrays.copyOfRange(server, server.length - 100000, server.length));
        // The upload: request headers, then the 65536 byte body.
        JsonNode upload = flows.get(1);
        byte[] client = Files.readAllBytes(dump.resolve("flow-" + upload.at("/dlp/flow/id").asText() + "-client.bin"));
        assertTrue(new String(client, 0, 5).startsWith("POST "));
        assertArrayEquals(blob(65536), Arrays.copyOfRange(client, client.length - 65536, client.length));
        // Every body: the three blobs, the upload and the server's "received 65536 bytes\n" reply.
        assertEquals(100000 + 65536 + 1000 + 2000 + 21, run.counter("reassembly.delivered_bytes")
                - headerBytes(dump));
        assertEquals(0, run.counter("pipeline.internal_errors"));
    }

    /** Bytes of HTTP headers in all dumped streams: everything before each blank line, message by message. */
    private static long headerBytes(Path dump) throws Exception {
        long total = 0;
        try (var files = Files.list(dump)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!p.toString().endsWith(".bin")) {
                    continue;
                }
                byte[] b = Files.readAllBytes(p);
                int i = 0;
                while (i < b.length) {
                    int end = indexOf(b, i, "\r\n\r\n".getBytes()) + 4;
                    String head = new String(b, i, end - i);
                    int body = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            body = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    total += end - i;
                    i = end + body;
                }
            }
        }
        return total;
    }

    private static int indexOf(byte[] b, int from, byte[] needle) {
        outer:
        for (int i = from; i <= b.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no end of headers after " + from);
    }
}
