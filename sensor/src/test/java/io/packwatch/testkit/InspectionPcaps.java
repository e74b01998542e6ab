package io.packwatch.testkit;

import static io.packwatch.testkit.GeneratePcaps.SEC;
import static io.packwatch.testkit.GeneratePcaps.T0;
import static io.packwatch.testkit.PacketBuilder.ip;
import static io.packwatch.testkit.Payloads.ascii;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The payload-inspection captures, pcaps/inspect-*.pcap: raw TCP transfers of archives, one flow per case, each
 * on its own client port so a test finds a case's records by {@code source.port}. Every client is in a home
 * network (RFC 1918); pcaps/README.md documents each flow and what a correct sensor reports for it.
 */
public final class InspectionPcaps {
    /** The real tools' samples of inspect-formats.pcap (sensor/src/test/resources/formats/), client port 62001 + index. */
    public static final List<String> FORMAT_SAMPLES = List.of("cli.gz", "cli.bz2", "py.zlib", "cli.zip", "hand-v4.rar",
            "hand-v5.rar", "cli.7z", "cli.xz", "cli.lzma", "cli.zst", "cli.lz4", "cli.tar", "cli-v7.tar", "cli.cab",
            "cli.Z", "java.sz", "cli.arj", "cli-newc.cpio", "cli-bin.cpio", "cli.a");
    /** The Atomic Red Team artifacts of inspect-art.pcap (resources/art/), client port 45001 + index. */
    public static final List<String> ART_FILES = List.of("passwd.gz", "passwd.bz2", "passwd.zip", "passwd.tar.gz");
    public static final int[] ART_PORTS = {4444, 8081, 9001, 31337};
    /**
     * The documents of inspect-documents.pcap (resources/documents/), client port 63001 + index, each to
     * 203.0.113.(10 + index): the documents first, then the archives that hold one or pretend to be one.
     */
    public static final List<String> DOCUMENT_SAMPLES = List.of("pandoc.docx", "python-docx.docx", "picture.docx",
            "openpyxl.xlsx", "pandoc.pptx", "pandoc.odt", "groff.pdf", "magick.png", "reports.zip",
            "docx-plus-loot.docx", "ct-only.zip", "python-docx.docx.gz", "docx-then-gzip.bin", "png-then-zip.png",
            "pdf-header-zlib.bin");
    public static final int DOCUMENT_PORT = 63001;
    /** The decompression bomb's content: 50 MiB of zeros. */
    public static final int BOMB_BYTES = 50 << 20;
    /** The nested bomb's inner gzip holds this many copies of the bomb as members: 1000 MiB of zeros. */
    public static final int NESTED_MEMBERS = 20;
    /** MSS of the truncated transfers, and the segment sizes the tiny transfers cycle through. */
    public static final int TRUNCATED_MSS = 536;
    public static final int[] TINY_SIZES = {1, 2, 3};
    /** In the out-of-order tiny transfers, each run of this many segments arrives last first. */
    public static final int TINY_REORDER_RUN = 8;

    private final Path dir;

    InspectionPcaps(Path dir) {
        this.dir = dir;
    }

    void writeAll() throws IOException {
        uploads();
        formats();
        art();
        documents();
        bombs();
        truncated();
        tinySegments();
        midstream();
    }

    /** A raw TCP connection, 100 µs between packets; the server's ISN is the client's + 0x10000000. */
    private static TcpSession session(String client, int clientPort, String server, int serverPort, long clientIsn,
            long start, int mss) {
        return new TcpSession(LinkLayer.ethernet(), ip(client), clientPort, ip(server), serverPort, clientIsn,
                clientIsn + 0x10000000L, start).mss(mss).stepNanos(100_000);
    }

    /** Handshake, the client sends the payload in MSS-sized segments (each ACKed), client FIN teardown. */
    private static List<Packet> upload(TcpSession t, byte[] payload) {
        t.handshake();
        t.sendClient(payload);
        t.closeFromClient();
        return t.packets();
    }

    /**
     * Writes {@code pcap}: one raw TCP upload per body from 10.1.0.5, client ports from {@code firstPort} on, to
     * port 443 of 203.0.113.10, or with {@code ownServers} of 203.0.113.(10 + index), so that each upload is an
     * episode of its own; one second apart.
     */
    public static void rawUploads(Path pcap, List<byte[]> bodies, int firstPort, boolean ownServers)
            throws IOException {
        List<Packet> all = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            String server = "203.0.113." + (10 + (ownServers ? i : 0));
            all.addAll(upload(session("10.1.0.5", firstPort + i, server, 443, 0x50000000L + i, T0 + i * SEC, 1460),
                    bodies.get(i)));
        }
        PcapWriter.writeAll(pcap, Frames.DLT_EN10MB, all);
    }

    private void write(String name, List<Packet> packets) throws IOException {
        PcapWriter.writeAll(dir.resolve(name), Frames.DLT_EN10MB, packets);
    }

    /** Archives, compressed and encrypted data, a download, TLS, text and an internal copy from 10.1.0.5. */
    private void uploads() throws IOException {
        byte[] text = InspectionSamples.text(1, 20000);
        byte[] gzip = InspectionSamples.gzip(text);
        byte[] prefixed = Bytes.concat(ascii("{\"host\":\"ws-17\",\"kind\":\"report\",\"blob\":\""), gzip);
        byte[] small = InspectionSamples.gzip(InspectionSamples.text(2, 4000));
        byte[] tls = InspectionSamples.aesCtr(InspectionSamples.text(3, 8000));
        System.arraycopy(new byte[] {0x17, 0x03, 0x03, 0x1F, 0x3B}, 0, tls, 0, 5);
        Object[][] flows = {
            // client port, server, payload, sent by client?, mss
            {61001, "203.0.113.10", gzip, true, 1448},
            {61002, "203.0.113.10", InspectionSamples.zlib(text), true, 1448},
            {61003, "203.0.113.10", InspectionSamples.zip("notes.txt", text, "accounts.csv",
                InspectionSamples.text(4, 3000)), true, 1448},
            {61004, "203.0.113.10", InspectionSamples.gzip(InspectionSamples.tar("loot/report.txt", text)), true, 1448},
            {61005, "203.0.113.10", InspectionSamples.aesCtr(text), true, 1448},
            {61006, "203.0.113.10", prefixed, true, 1448},
            {61007, "203.0.113.10", small, true, 8},
            {61008, "203.0.113.10", gzip, false, 1448},
            {61009, "203.0.113.10", tls, true, 1448},
            {61010, "203.0.113.10", text, true, 1448},
            {61011, "10.2.0.9", gzip, true, 1448},
            {61012, "203.0.113.10", InspectionSamples.rawDeflate(text), true, 1448},
        };
        List<Packet> all = new ArrayList<>();
        for (int i = 0; i < flows.length; i++) {
            TcpSession t = session("10.1.0.5", (Integer) flows[i][0], (String) flows[i][1], 4444, 0x30000000L + i,
                    T0 + i * SEC, (Integer) flows[i][4]);
            if ((Boolean) flows[i][3]) {
                all.addAll(upload(t, (byte[]) flows[i][2]));
            } else {
                t.handshake();
                t.sendClient(ascii("GET\n"));
                t.sendServer((byte[]) flows[i][2]);
                t.closeFromClient();
                all.addAll(t.packets());
            }
        }
        write("inspect-uploads.pcap", all);
    }

    /** Every built-in format, as the real tool wrote it, uploaded from 10.1.0.6. */
    private void formats() throws IOException {
        List<Packet> all = new ArrayList<>();
        for (int i = 0; i < FORMAT_SAMPLES.size(); i++) {
            byte[] sample = InspectionSamples.resource("formats/" + FORMAT_SAMPLES.get(i));
            all.addAll(upload(session("10.1.0.6", 62001 + i, "203.0.113.20", 4444, 0x50000000L + i, T0 + i * SEC,
                    1448), sample));
        }
        write("inspect-formats.pcap", all);
    }

    /** Office documents, a PDF and a PNG made by real tools, and their near misses, uploaded from 10.1.0.5. */
    private void documents() throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        for (String name : DOCUMENT_SAMPLES) {
            bodies.add(InspectionSamples.resource("documents/" + name));
        }
        rawUploads(dir.resolve("inspect-documents.pcap"), bodies, DOCUMENT_PORT, true);
    }

    /** What the four Atomic Red Team T1560.002 tests write, each sent from 192.168.56.20 to its own port. */
    private void art() throws IOException {
        List<Packet> all = new ArrayList<>();
        for (int i = 0; i < ART_FILES.size(); i++) {
            byte[] artifact = InspectionSamples.resource("art/" + ART_FILES.get(i));
            all.addAll(upload(session("192.168.56.20", 45001 + i, "198.51.100.7", ART_PORTS[i], 0x52000000L + i,
                    T0 + i * SEC, 1448), artifact));
        }
        write("inspect-art.pcap", all);
    }

    /**
     * gzip of 50 MiB of zeros (about 50 KB), and a nested bomb: the gzip of a gzip file whose members are
     * NESTED_MEMBERS copies of the first (gunzip writes the members one after the other: 1000 MiB).
     */
    private void bombs() throws IOException {
        byte[] bomb = bomb();
        byte[] nested = nestedBomb(bomb);
        write("inspect-bomb.pcap", GeneratePcaps.merge(
                upload(session("10.1.0.7", 46001, "203.0.113.30", 4444, 0x54000000L, T0, 1448), bomb),
                upload(session("10.1.0.7", 46002, "203.0.113.30", 4444, 0x54000001L, T0 + SEC, 1448), nested)));
    }

    /** gzip of BOMB_BYTES zeros. */
    private static byte[] bomb() {
        return InspectionSamples.gzip(new byte[BOMB_BYTES]);
    }

    /** gzip of NESTED_MEMBERS copies of {@code bomb}, one after the other. */
    private static byte[] nestedBomb(byte[] bomb) {
        byte[][] members = new byte[NESTED_MEMBERS][];
        Arrays.fill(members, bomb);
        return InspectionSamples.gzip(Bytes.concat(members));
    }

    /** The zip of the truncated transfers: 12 KB of text in notes.txt, 4 KB in accounts.csv. */
    public static byte[] truncatedZip() {
        return InspectionSamples.zip("notes.txt", InspectionSamples.text(21, 12000), "accounts.csv",
                InspectionSamples.text(22, 4000));
    }

    /** The tar.gz of the truncated transfers: loot/report.txt, 16 KB of text. */
    public static byte[] truncatedTarGz() {
        return InspectionSamples.gzip(InspectionSamples.tar("loot/report.txt", InspectionSamples.text(23, 16000)));
    }

    /** Archives from 10.1.0.8 whose capture lost segments in the middle, or lost the end. */
    private void truncated() throws IOException {
        byte[] zip = truncatedZip();
        byte[] tarGz = truncatedTarGz();
        // 47001: the 4th and 5th segments were never captured; the server's ACKs cover them.
        TcpSession midZip = session("10.1.0.8", 47001, "203.0.113.40", 4444, 0x56000000L, T0, TRUNCATED_MSS);
        midZip.handshake();
        int[] segs = midZip.sendClient(zip);
        midZip.drop(segs[3]);
        midZip.drop(segs[4]);
        midZip.closeFromClient();
        // 47002: the 3rd segment was never captured.
        TcpSession midTar = session("10.1.0.8", 47002, "203.0.113.40", 4444, 0x56000001L, T0 + SEC, TRUNCATED_MSS);
        midTar.handshake();
        segs = midTar.sendClient(tarGz);
        midTar.drop(segs[2]);
        midTar.closeFromClient();
        // 47003: the last two segments were never captured, then the server resets the connection; its RST/ACK
        // acknowledges every byte the client sent.
        TcpSession resetZip = session("10.1.0.8", 47003, "203.0.113.40", 4444, 0x56000002L, T0 + 2 * SEC,
                TRUNCATED_MSS);
        resetZip.handshake();
        segs = resetZip.sendClient(zip);
        for (int k = segs.length - 2; k < segs.length; k++) {
            resetZip.drop(segs[k]);
            resetZip.drop(segs[k] + 1); // the server's ACK of it
        }
        resetZip.reset(false);
        // 47004: the capture ends after the 4th data segment and its ACK: no more packets, no FIN.
        TcpSession endTar = session("10.1.0.8", 47004, "203.0.113.40", 4444, 0x56000003L, T0 + 3 * SEC,
                TRUNCATED_MSS);
        endTar.handshake();
        segs = endTar.sendClient(tarGz);
        List<Packet> endTarPackets = endTar.packets().subList(0, segs[3] + 2);
        write("inspect-truncated.pcap", GeneratePcaps.merge(midZip.packets(), midTar.packets(), resetZip.packets(),
                endTarPackets));
    }

    /** The gzip the mid-stream captures upload: 300 KB of text, 52,080 bytes. */
    public static byte[] midstreamGzip() {
        return InspectionSamples.gzip(InspectionSamples.text(30, 300_000));
    }

    /**
     * The xz the fourth mid-stream capture uploads: Python's lzma.compress of 520,000 bytes of text
     * (make-samples.sh), 149,224 bytes in three LZMA2 chunks, whose headers are at bytes 24, 61,470 and 122,914.
     */
    public static byte[] midstreamXz() {
        return InspectionSamples.resource("formats/py-chunks.xz");
    }

    /** Segments of the mid-stream uploads that were sent before the capture began (and with them the handshake). */
    public static final int MIDSTREAM_BLOCK_LEFT = 22;
    public static final int MIDSTREAM_NO_BLOCK_LEFT = 27;
    /** Past the xz's stream header (11,584 bytes); its second chunk's header is 49,886 bytes into what is seen. */
    public static final int MIDSTREAM_XZ_LEFT = 8;
    /** Past the xz's last chunk header (130,320 bytes): what is seen ends with the stream's index and footer. */
    public static final int MIDSTREAM_XZ_TAIL_LEFT = 90;
    /** Inside the first application-data record of {@link #midstreamTls()}. */
    public static final int MIDSTREAM_TLS_LEFT = 5;

    /**
     * A TLS client stream as the sensor sees it: a ClientHello record, then 60,000 bytes of AES-CTR ciphertext in
     * application-data records of 16 KiB.
     */
    public static byte[] midstreamTls() {
        return Bytes.concat(TlsRecords.records(22, TlsRecords.clientHello("cdn.example.com", new String[] {"h2"},
                new int[] {0x0304}), 16384), TlsRecords.records(23, InspectionSamples.aesCtr(
                InspectionSamples.text(32, 60_000)), 16384));
    }

    /**
     * Uploads from 10.1.0.10 to 203.0.113.60 + i that the capture picks up mid-stream, after the handshake and the first segments:
     * the gzip from segment {@link #MIDSTREAM_BLOCK_LEFT}, which leaves one deflate block start in what is seen;
     * the same from segment {@link #MIDSTREAM_NO_BLOCK_LEFT}, which leaves none; AES-CTR ciphertext of the same
     * text from segment {@link #MIDSTREAM_BLOCK_LEFT}; an xz from segment {@link #MIDSTREAM_XZ_LEFT}, and from
     * segment {@link #MIDSTREAM_XZ_TAIL_LEFT}; a TLS upload from segment {@link #MIDSTREAM_TLS_LEFT}.
     */
    private void midstream() throws IOException {
        byte[] gzip = midstreamGzip();
        byte[] sealed = InspectionSamples.aesCtr(InspectionSamples.text(30, 300_000));
        Object[][] flows = {{49001, gzip, MIDSTREAM_BLOCK_LEFT}, {49002, gzip, MIDSTREAM_NO_BLOCK_LEFT},
            {49003, sealed, MIDSTREAM_BLOCK_LEFT}, {49004, midstreamXz(), MIDSTREAM_XZ_LEFT},
            {49005, midstreamXz(), MIDSTREAM_XZ_TAIL_LEFT}, {49006, midstreamTls(), MIDSTREAM_TLS_LEFT}};
        List<List<Packet>> captures = new ArrayList<>();
        for (int i = 0; i < flows.length; i++) {
            TcpSession t = session("10.1.0.10", (Integer) flows[i][0], "203.0.113." + (60 + i), 4444, 0x5A000000L + i,
                    T0 + i * SEC, 1448);
            t.handshake();
            int[] segs = t.sendClient((byte[]) flows[i][1]);
            t.closeFromClient();
            for (int k = 0; k < segs[(Integer) flows[i][2]]; k++) {
                t.drop(k);
            }
            captures.add(t.packets());
        }
        captures.add(ssh(49007, "203.0.113.66", SSH_GAP_SEGMENT, -1));
        captures.add(ssh(49008, "203.0.113.67", -1, SSH_MIDSTREAM_LEFT));
        TcpSession text = session("10.1.0.10", 49009, "203.0.113.68", 22, 0x5B000000L + 49009, T0 + 11 * SEC, 1448);
        text.handshake();
        int[] segs = text.sendClient(InspectionSamples.text(35, 20_000));
        text.closeFromClient();
        for (int k = 0; k < segs[SSH_MIDSTREAM_LEFT]; k++) {
            text.drop(k);
        }
        captures.add(text.packets());
        write("inspect-midstream.pcap", GeneratePcaps.merge(captures.toArray(List[]::new)));
    }

    /** The segment of {@link #sshUpload()} lost from 49007's capture. */
    public static final int SSH_GAP_SEGMENT = 20;
    /** Where the capture of 49008 begins: this segment of {@link #sshUpload()}. */
    public static final int SSH_MIDSTREAM_LEFT = 10;

    /** What an SSH client sends after its banner and the server's: 60,000 bytes of ciphertext. */
    public static byte[] sshUpload() {
        return InspectionSamples.aesCtr(InspectionSamples.text(33, 60_000));
    }

    /**
     * An SSH session from 10.1.0.10 to {@code server}:22: both banners, 3,000 bytes of ciphertext from the server,
     * then {@link #sshUpload()} from the client. With {@code lost} at 0 or more, that segment of the upload is
     * missing from the capture (a gap after the banner was seen); with {@code from} at 0 or more, the capture
     * starts at that segment of the upload (no handshake, no banners).
     */
    private static List<Packet> ssh(int clientPort, String server, int lost, int from) {
        TcpSession t = session("10.1.0.10", clientPort, server, 22, 0x5B000000L + clientPort, T0 + 10 * SEC, 1448);
        t.handshake();
        t.sendClient(ascii("SSH-2.0-OpenSSH_9.6p1 Debian-3\r\n"));
        t.sendServer(Bytes.concat(ascii("SSH-2.0-OpenSSH_9.2p1\r\n"),
                InspectionSamples.aesCtr(InspectionSamples.text(34, 3_000))));
        int[] segs = t.sendClient(sshUpload());
        t.closeFromClient();
        if (lost >= 0) {
            t.drop(segs[lost]);
        }
        for (int k = 0; from >= 0 && k < segs[from]; k++) {
            t.drop(k);
        }
        return t.packets();
    }

    /** Archives from 10.1.0.9 whole, in 1-3 byte segments, and in 1-3 byte segments out of order. */
    private void tinySegments() throws IOException {
        List<Packet> all = new ArrayList<>();
        String[] samples = {"formats/cli.zip", "formats/py.tar.gz"};
        int port = 48001;
        for (int s = 0; s < samples.length; s++) {
            byte[] archive = InspectionSamples.resource(samples[s]);
            for (int variant = 0; variant < 3; variant++, port++) {
                TcpSession t = session("10.1.0.9", port, "203.0.113.50", 4444, 0x58000000L + port - 48001,
                        T0 + (port - 48001) * SEC, 1448);
                if (variant == 0) {
                    all.addAll(upload(t, archive));
                    continue;
                }
                t.handshake();
                sendTiny(t, archive, variant == 2);
                t.closeFromClient();
                all.addAll(t.packets());
            }
        }
        write("inspect-tiny-segments.pcap", all);
    }

    /**
     * Sends data in segments of TINY_SIZES bytes in turn, so a 4-byte magic spans three segments. The server
     * ACKs after each run of TINY_REORDER_RUN segments; with {@code reorder}, each run arrives last segment first.
     */
    private static void sendTiny(TcpSession t, byte[] data, boolean reorder) {
        List<int[]> run = new ArrayList<>();
        int off = 0;
        for (int k = 0; off < data.length; k++) {
            int len = Math.min(TINY_SIZES[k % TINY_SIZES.length], data.length - off);
            run.add(new int[] {off, len});
            off += len;
            if (run.size() == TINY_REORDER_RUN || off == data.length) {
                for (int j = 0; j < run.size(); j++) {
                    int[] seg = run.get(reorder ? run.size() - 1 - j : j);
                    t.clientSegment(seg[0], Arrays.copyOfRange(data, seg[0], seg[0] + seg[1]));
                }
                t.ackFromServer();
                run.clear();
            }
        }
    }
}
