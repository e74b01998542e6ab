package io.packwatch.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packwatch.cli.SensorMain;
import io.packwatch.support.Repo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage in the middle of a real capture (a bad sector, a capture file written by a crashing
 * tool): everything before the damaged record is processed exactly as if the file ended there,
 * stderr and the stats record name the byte offset, and the exit status is 3.
 */
class CorruptMidFileTest {
    @TempDir
    Path tmp;

    private record Run(int exitCode, String stderr, List<JsonNode> records) {
        JsonNode stats() {
            return records.get(records.size() - 1);
        }

        /** Everything but the stats record, which differs (problem, timings). */
        List<JsonNode> events() {
            return records.subList(0, records.size() - 1);
        }

        long packets() {
            return stats().at("/packwatch/stats/capture/packets").asLong();
        }
    }

    private Run run(Path file) throws Exception {
        Path out = tmp.resolve(file.getFileName() + ".ndjson");
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            rc = SensorMain.run("--read", file.toString(), "--output", out.toString(), "--no-progress",
                    "--set", "pipeline.workers=0");
        } finally {
            System.setErr(oldErr);
        }
        List<JsonNode> records = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String l : Files.readAllLines(out)) {
            records.add(json.readTree(l));
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("Exception") || text.contains("\tat "), "a stack trace on stderr: " + text);
        assertEquals("packwatch.stats", records.get(records.size() - 1).at("/event/dataset").asText());
        return new Run(rc, text, records);
    }

    /** Byte offsets of the records of a classic pcap file. */
    private static List<Integer> pcapRecords(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xA1B2C3D4, b.getInt(0), "a little-endian microsecond pcap");
        List<Integer> out = new ArrayList<>();
        for (int pos = 24; pos + 16 <= file.length; pos += 16 + b.getInt(pos + 8)) {
            out.add(pos);
        }
        return out;
    }

    /** Byte offsets of the enhanced packet blocks of a little-endian pcapng file. */
    private static List<Integer> pcapngPackets(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x1A2B3C4D, b.getInt(8), "a little-endian pcapng");
        List<Integer> out = new ArrayList<>();
        for (int pos = 0; pos + 12 <= file.length; pos += b.getInt(pos + 4)) {
            if (b.getInt(pos) == 6) {
                out.add(pos);
            }
        }
        return out;
    }

    /** Checks the damaged run against a run on the file cut just before the damage. */
    private void assertSameAsThePrefix(byte[] original, int damageAt, Run damaged, String name) throws Exception {
        Path prefix = Files.write(tmp.resolve("prefix-" + name), Arrays.copyOf(original, damageAt));
        Run clean = run(prefix);
        assertEquals(0, clean.exitCode, clean.stderr);
        assertEquals(3, damaged.exitCode, damaged.stderr);
        assertTrue(clean.packets() > 0, "the damage is past the first packets");
        assertEquals(clean.packets(), damaged.packets(), "every packet before the damage, none after");
        assertEquals(clean.events(), damaged.events(), "the same flows, objects and alerts as the clean prefix");
        String problem = damaged.stats().at("/packwatch/input_problem").asText();
        assertTrue(problem.contains("corrupt") && problem.contains("offset " + damageAt), problem);
        assertTrue(damaged.stderr.contains("WARNING:") && damaged.stderr.contains("offset " + damageAt),
                damaged.stderr);
    }

    @Test
    void garbageRecordHeaderInTheMiddleOfAPcap() throws Exception {
        byte[] original = Files.readAllBytes(Repo.pcap("inspect-uploads.pcap"));
        List<Integer> records = pcapRecords(original);
        int at = records.get(records.size() / 2);
        byte[] damaged = original.clone();
        ByteBuffer.wrap(damaged).order(ByteOrder.LITTLE_ENDIAN).putInt(at, 0x5EADBEEF).putInt(at + 4, 0x0BADF00D)
                .putInt(at + 8, 0xDEADBEEF).putInt(at + 12, 0xDEADBEEF);
        Run run = run(Files.write(tmp.resolve("mid-garbage.pcap"), damaged));
        assertEquals(records.size() / 2, run.packets());
        assertTrue(run.stats().at("/packwatch/input_problem").asText().contains(Integer.toUnsignedString(0xDEADBEEF)),
                "names the impossible length: " + run.stats().at("/packwatch/input_problem"));
        assertSameAsThePrefix(original, at, run, "mid-garbage.pcap");
    }

    @Test
    void garbageBlockInTheMiddleOfAPcapng() throws Exception {
        byte[] original = Files.readAllBytes(Repo.pcap("pcapng-le.pcapng"));
        List<Integer> packets = pcapngPackets(original);
        assertTrue(packets.size() >= 4, "packets " + packets.size());
        int at = packets.get(packets.size() / 2);
        byte[] damaged = original.clone();
        ByteBuffer.wrap(damaged).order(ByteOrder.LITTLE_ENDIAN).putInt(at, 0x00000006).putInt(at + 4, 0xDEADBEEF);
        Run run = run(Files.write(tmp.resolve("mid-garbage.pcapng"), damaged));
        assertSameAsThePrefix(original, at, run, "mid-garbage.pcapng");
    }
}
