package io.packwatch.app;

import static io.packwatch.support.SessionCapture.assertEncryptedByDesign;
import static io.packwatch.support.SessionCapture.assertNoAlert;
import static io.packwatch.support.SessionCapture.outboundObjects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.packwatch.support.Repo;
import io.packwatch.support.SensorRun;
import io.packwatch.support.SessionCapture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcaps/real/postgres-tls-lo.pcap (pcaps/capture/capture-postgres.sh): psql 15 on 127.0.0.1 sends its SSLRequest
 * (8 bytes) to a server on 127.0.0.2:5432, which answers 'S'; TLS follows in the same connection, and a 200 KB
 * CSV is copied into a table through it. TLS that starts inside the stream, as after STARTTLS, must be found
 * there: with 127.0.0.1 as the home network the copy would otherwise be an encrypted upload.
 */
class RealPostgresTlsCaptureTest {
    /** The copy's segments are 8 KB and more; the handshake's at most 799 bytes. */
    private static final int UPLOAD_SEGMENT = 4096;

    @TempDir
    static Path tmp;

    private static SessionCapture postgres;

    @BeforeAll
    static void read() throws IOException {
        postgres = SessionCapture.of(Repo.pcap("real/postgres-tls-lo.pcap"), UPLOAD_SEGMENT, 5432);
    }

    @Test
    void tlsAfterTheSslRequestIsTls() throws IOException {
        SensorRun run = postgres.read(tmp, "whole", i -> true);
        List<JsonNode> objects = outboundObjects(run);
        assertEquals(1, objects.size(), objects.toString());
        assertEncryptedByDesign("tls", objects.get(0));
        assertTrue(objects.get(0).at("/file/size").asLong() > 200_000, objects.toString());
        assertNoAlert(run);
    }

    @Test
    void pickedUpInTheCopyItIsTlsByItsRecords() throws IOException {
        SensorRun run = postgres.read(tmp, "midstream", postgres::afterHandshake);
        List<JsonNode> objects = outboundObjects(run);
        assertEquals(1, objects.size(), objects.toString());
        assertEncryptedByDesign("tls", objects.get(0));
        assertTrue(objects.get(0).at("/dlp/truncated").asBoolean());
        assertNoAlert(run);
    }
}
