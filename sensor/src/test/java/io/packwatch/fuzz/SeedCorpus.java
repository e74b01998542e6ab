package io.packwatch.fuzz;

import io.packwatch.capture.Frame;
import io.packwatch.capture.LinkType;
import io.packwatch.capture.PacketSource;
import io.packwatch.capture.PcapFileSource;
import io.packwatch.decode.Packet;
import io.packwatch.support.Repo;
import io.packwatch.testkit.HttpSamples;
import io.packwatch.testkit.TlsRecords;
import io.packwatch.testkit.WebSocketFrames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes the seed corpus of every fuzz target from the repository's own samples: capture files cut
 * at a record boundary after a few KiB, frames of each link type, TCP scripts of the cases
 * TcpReassemblyTest covers, archive headers, the checked-in config and signatures. Inputs that Jazzer
 * found (crash-*) live beside the seeds and are not touched. Run in {@code sensor/} after {@code mvn test-compile}:
 * {@code mvn -q dependency:build-classpath -Dmdep.outputFile=cp.txt && java -cp target/test-classes:target/classes:$(cat cp.txt) io.packwatch.fuzz.SeedCorpus}.
 */
public final class SeedCorpus {
    private static final int CAPTURE_BUDGET = 3 * 1024;
    private static final int SAMPLE_BUDGET = 1024;

    private final Path root;
    private final Path out;

    private SeedCorpus(Path root) {
        this.root = root;
        this.out = root.resolve("sensor/src/test/resources/io/packwatch/fuzz");
    }

    public static void main(String[] args) throws IOException {
        SeedCorpus s = new SeedCorpus(Repo.root());
        s.captures();
        s.frames();
        s.tcpScripts();
        s.inspection();
        s.yaml();
        s.appLayer();
        s.syslog();
        s.sigma();
        s.archives();
    }

    private void write(String test, String method, String name, byte[] data) throws IOException {
        Path dir = out.resolve(test + "Inputs").resolve(method);
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), data);
    }

    private byte[] read(String relative) throws IOException {
        return Files.readAllBytes(root.resolve(relative));
    }

    private void captures() throws IOException {
        for (String f : List.of("raw-ip.pcap", "sll.pcap", "sll2.pcap", "null-loopback.pcap", "vlan-qinq.pcap",
                "ipv6.pcap", "ipv4-frag.pcap", "malformed.pcap", "truncated.pcap", "pcap-variants/micro-be.pcap",
                "pcap-variants/nano-le.pcap", "real/curl-http-lo.pcap")) {
            byte[] b = read("pcaps/" + f);
            write("CaptureFileFuzzTest", "pcap", f.replace('/', '-'), Arrays.copyOf(b, pcapCut(b)));
        }
        for (String f : List.of("pcapng-le.pcapng", "pcapng-multi.pcapng", "real/curl-http-any.pcapng")) {
            byte[] b = read("pcaps/" + f);
            write("CaptureFileFuzzTest", "pcapng", f.replace('/', '-'), Arrays.copyOf(b, pcapngCut(b)));
        }
    }

    /** The end of the last whole record within the budget (or the file's end, if it is damaged first). */
    private static int pcapCut(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int magic = bb.getInt(0);
        if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
            bb.order(ByteOrder.BIG_ENDIAN);
        }
        int pos = 24;
        while (pos + 16 <= b.length) {
            int next = pos + 16 + bb.getInt(pos + 8);
            if (next > b.length || next < 0) {
                return b.length;
            }
            if (next > CAPTURE_BUDGET && pos > 24) {
                break;
            }
            pos = next;
        }
        return pos;
    }

    private static int pcapngCut(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        while (pos + 12 <= b.length) {
            if (bb.getInt(pos) == 0x0A0D0D0A) {
                bb.order(bb.getInt(pos + 8) == 0x1A2B3C4D ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            }
            int next = pos + bb.getInt(pos + 4);
            if (next > CAPTURE_BUDGET && pos > 200) {
                break;
            }
            pos = next;
        }
        return pos;
    }

    private void frames() throws IOException {
        for (String f : List.of("raw-ip.pcap", "sll.pcap", "sll2.pcap", "null-loopback.pcap", "vlan-qinq.pcap",
                "ipv6.pcap", "ipv4-frag.pcap", "tcp-ooo.pcap", "real/curl-http-lo.pcap")) {
            List<byte[]> frames = new ArrayList<>();
            int linkType = -1;
            int bytes = 0;
            // fragments of a whole 4000-byte datagram need more room than the other captures
            int budget = f.equals("ipv4-frag.pcap") ? 3 * CAPTURE_BUDGET : CAPTURE_BUDGET;
            try (PacketSource src = PcapFileSource.open(root.resolve("pcaps").resolve(f), 262144)) {
                Frame frame = new Frame();
                while (src.next(frame) && bytes + frame.length <= budget) {
                    frames.add(Arrays.copyOf(frame.data, frame.length));
                    linkType = frame.linkType;
                    bytes += frame.length;
                }
            }
            int index = indexOf(PacketDecoderFuzzTest.LINK_TYPES, linkType);
            // low nibble 1 = checksum mode YES (ChecksumMode order: AUTO, YES, NO), high nibble the overlap policy
            write("PacketDecoderFuzzTest", "decode", f.replace('/', '-'), PacketDecoderFuzzTest.encode(index, 0x01, frames));
        }
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        throw new IllegalArgumentException("link type " + v + " is not a fuzzed one (" + LinkType.name(v) + ")");
    }

    private void tcpScripts() throws IOException {
        final int ack = Packet.ACK;
        final int psh = Packet.PSH;
        final int fin = Packet.FIN;
        final int rst = Packet.RST;
        final int syn = Packet.SYN;
        String t = "TcpReassemblyFuzzTest";
        String m = "segments";
        // policy byte 0 = FIRST .. 5; limits: memcap 256 << (b & 7), depth bit 3, ooo: bytes, segments, bit 7 no handshake
        write(t, m, "in-order-close", new TcpReassemblyFuzzTest.Script(1000, 5000, 2, 7, 7)
                .segment(ack | psh, 0, 0, 0, 18).segment(ack | psh, 1, 0, 18, 24)
                .segment(ack | fin, 0, 18, 24, 0).segment(ack | fin, 1, 24, 19, 0).segment(ack, 0, 19, 25, 0).bytes());
        write(t, m, "out-of-order", new TcpReassemblyFuzzTest.Script(1000, 5000, 2, 7, 7)
                .segment(ack, 0, 10, 0, 10).segment(ack, 0, 20, 0, 6).segment(ack, 0, 0, 0, 10).bytes());
        write(t, m, "overlap-conflict-linux", new TcpReassemblyFuzzTest.Script(1000, 5000, 4, 7, 7)
                .segment(ack, 0, 10, 0, 10).segment(ack, 2, 5, 0, 10).segment(ack, 0, 0, 0, 5).bytes());
        write(t, m, "ack-past-hole", new TcpReassemblyFuzzTest.Script(1000, 5000, 2, 7, 7)
                .segment(ack, 0, 0, 0, 10).segment(ack, 0, 20, 0, 10).segment(ack, 1, 0, 30, 0)
                .segment(ack, 0, 30, 0, 5).bytes());
        write(t, m, "seq-wrap", new TcpReassemblyFuzzTest.Script(0xFFFFFFF0, 0x7FFFFFFF, 0, 7, 7)
                .segment(ack, 0, 0, 0, 7).segment(ack, 0, 14, 0, 7).segment(ack, 0, 7, 0, 7).bytes());
        write(t, m, "midstream", new TcpReassemblyFuzzTest.Script(1000, 5000, 2, 7, 0x80 | 7)
                .segment(ack | psh, 1, 0, 0, 16).segment(ack | psh, 0, 0, 16, 12).bytes());
        write(t, m, "rst-with-pending", new TcpReassemblyFuzzTest.Script(1000, 5000, 1, 7, 7)
                .segment(ack, 0, 40, 0, 20).segment(ack | rst, 1, 0, 0, 0).segment(ack, 0, 0, 0, 10).bytes());
        write(t, m, "small-memcap-depth", new TcpReassemblyFuzzTest.Script(1000, 5000, 3, 0x08 | 0x10, 1 | 2 << 3)
                .segment(ack, 0, 100, 0, 200).segment(ack, 0, 300, 0, 200).segment(ack, 0, 0, 0, 100)
                .segment(ack, 0, 500, 0, 100).bytes());
        write(t, m, "port-reuse", new TcpReassemblyFuzzTest.Script(1000, 5000, 2, 7, 7)
                .segment(ack | fin, 0, 0, 0, 5).segment(ack | fin, 1, 0, 6, 0).segment(ack, 0, 6, 1, 0)
                .segment(syn, 0, 100, 0, 0).segment(ack | psh, 0, 101, 0, 6).bytes());
        write(t, m, "snaplen-and-bad-checksum", new TcpReassemblyFuzzTest.Script(1000, 5000, 2, 7, 7)
                .segment(ack, 16, 0, 0, 40).segment(ack, 4, 60, 0, 10).segment(ack, 0, 60, 0, 10)
                .segment(ack, 8, 70, 0, 10).bytes());
    }

    private void inspection() throws IOException {
        String t = "InspectionFuzzTest";
        String[][] samples = {
            {"py.gz", "gzip"}, {"py.zlib", "zlib"}, {"py.bz2", "bzip2"}, {"py.xz", "xz"}, {"cli.lzma", "lzma"},
            {"cli.zst", "zstd"}, {"cli.lz4", "lz4"}, {"cli.Z", "compress"}, {"py.zip", "zip"}, {"cli-enc.zip", "zip"},
            {"hand-v4.rar", "rar"}, {"hand-v5.rar", "rar"}, {"cli.7z", "7z"}, {"cli.tar", "tar"}, {"cli-v7.tar", "tar"},
            {"cli.cab", "cab"}, {"cli.arj", "arj"}, {"cli-newc.cpio", "cpio"}, {"cli-bin.cpio", "cpio"}, {"cli.a", "ar"},
            {"py.tar.gz", "gzip"}, {"py.tar.bz2", "bzip2"},
        };
        for (String[] s : samples) {
            byte[] b = read("sensor/src/test/resources/formats/" + s[0]);
            byte[] head = Arrays.copyOf(b, Math.min(b.length, s[1].equals("tar") ? 2048 : SAMPLE_BUDGET));
            write(t, "signatureDetector", s[0], concat(new byte[] {1}, head));
            int v = InspectionFuzzTest.VALIDATORS.indexOf(s[1]);
            if (v < 0) {
                throw new IllegalStateException("no validator " + s[1]);
            }
            write(t, "validators", s[0], concat(new byte[] {(byte) v, 0}, head));
        }
        write(t, "signatureDetector", "gzip-behind-json", concat(new byte[] {0},
                "{\"upload\":true}\n".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(read("sensor/src/test/resources/formats/py.gz"), 600)));
        // archives wrapped in text, as scripts send them
        byte[] gz = Arrays.copyOf(read("sensor/src/test/resources/formats/py.gz"), 600);
        byte[] zlib = Arrays.copyOf(read("sensor/src/test/resources/formats/py.zlib"), 600);
        byte[] bz2 = Arrays.copyOf(read("sensor/src/test/resources/formats/py.bz2"), 300);
        write(t, "encodedArchives", "base64-gzip", concat(new byte[] {1},
                ("{\"data\":\"" + Base64.getEncoder().encodeToString(gz) + "\"}").getBytes(StandardCharsets.US_ASCII)));
        write(t, "encodedArchives", "base64url-zlib", concat(new byte[] {0},
                ("blob=" + Base64.getUrlEncoder().encodeToString(zlib)).getBytes(StandardCharsets.US_ASCII)));
        write(t, "encodedArchives", "mime-base64-gzip", concat(new byte[] {1},
                Base64.getMimeEncoder().encodeToString(gz).getBytes(StandardCharsets.US_ASCII)));
        write(t, "encodedArchives", "hex-zlib", concat(new byte[] {1},
                HexFormat.of().formatHex(zlib).getBytes(StandardCharsets.US_ASCII)));
        StringBuilder esc = new StringBuilder("b'");
        for (byte x : bz2) {
            esc.append(String.format("\\x%02x", x & 0xFF));
        }
        write(t, "encodedArchives", "escaped-bzip2", concat(new byte[] {1},
                esc.append('\'').toString().getBytes(StandardCharsets.US_ASCII)));
        encryptedByDesign(t);
        documents(t);
        write(t, "entropyClassifier", "gzip", Arrays.copyOf(read("sensor/src/test/resources/formats/py.tar.gz"), 2048));
        write(t, "entropyClassifier", "aes-zip", read("sensor/src/test/resources/formats/cli-enc.zip"));
        write(t, "entropyClassifier", "text", Arrays.copyOf(read("README.md"), 2048));
        write(t, "entropyClassifier", "xz", Arrays.copyOf(read("sensor/src/test/resources/formats/py.xz"), 2048));
    }

    private void yaml() throws IOException {
        write("ConfigFuzzTest", "configFile", "sensor.yaml", read("config/sensor.yaml"));
        write("ConfigFuzzTest", "configFile", "overrides.yaml", String.join("\n",
                "sensor:", "  home_networks: [10.0.0.0/8, 2001:db8::/32]", "flow:", "  max_flows: 200000",
                "  timeout:", "    tcp_established: 90s", "reassembly:", "  policy: linux", "  memcap: 64MiB", "")
                .getBytes(StandardCharsets.UTF_8));
        write("ConfigFuzzTest", "signatureFile", "formats.yaml", read("signatures/formats.yaml"));
        write("ConfigFuzzTest", "signatureFile", "one-entry.yaml", String.join("\n",
                "- format: gzip", "  magic: [\"1f 8b 08\", \"0x1f8b\"]", "  offset: 0", "  validator: gzip",
                "  description: gzip member", "  probe_at_start: false", "").getBytes(StandardCharsets.UTF_8));
    }

    private void appLayer() throws IOException {
        String t = "AppLayerFuzzTest";
        byte[] ok = HttpSamples.ok("ok\n");
        write(t, "http", "post-zip", AppLayerFuzzTest.encode(false, 97,
                HttpSamples.request("POST", "/up", "Content-Type: application/zip\r\n", Arrays.copyOf(HttpSamples.ZIP, 400)),
                ok));
        write(t, "http", "gzip-encoded", AppLayerFuzzTest.encode(true, 128, HttpSamples.request("POST", "/g",
                "Content-Type: text/csv\r\nContent-Encoding: gzip\r\n", HttpSamples.SMALL_GZ), ok));
        write(t, "http", "chunked-deflate", AppLayerFuzzTest.encode(false, 61, HttpSamples.request("PUT", "/c",
                "Transfer-Encoding: chunked\r\nContent-Encoding: gzip, deflate\r\n",
                HttpSamples.chunked(HttpSamples.gzipThenDeflate(), 100, "")), ok));
        String mp = new String(HttpSamples.multipart("a.txt", "text/plain",
                "hello".getBytes(StandardCharsets.US_ASCII), "../../etc/b.gz", "application/gzip",
                Arrays.copyOf(HttpSamples.GZ, 80)), StandardCharsets.ISO_8859_1);
        write(t, "http", "multipart", AppLayerFuzzTest.encode(true, 33, HttpSamples.request("POST", "/mp",
                "Content-Type: multipart/form-data; boundary=" + HttpSamples.BOUNDARY + "\r\n",
                mp.getBytes(StandardCharsets.ISO_8859_1)), ok));
        write(t, "http", "form-base64", AppLayerFuzzTest.encode(false, 128, HttpSamples.formWithBase64(), ok));
        java.util.zip.Deflater client = WebSocketFrames.deflater();
        java.util.zip.Deflater server = WebSocketFrames.deflater();
        byte[] gz = WebSocketFrames.compress(client, Arrays.copyOf(HttpSamples.GZ, 300));
        write(t, "http", "websocket-deflate", AppLayerFuzzTest.encodeTurns(false, 128,
                WebSocketFrames.upgradeRequest("/ws", "permessage-deflate; client_max_window_bits"),
                WebSocketFrames.switchingProtocols("permessage-deflate"),
                concat(WebSocketFrames.frame(WebSocketFrames.BINARY, false, true, 0x11223344,
                                Arrays.copyOf(gz, gz.length / 2)),
                        WebSocketFrames.frame(WebSocketFrames.PING, true, false, 0x55667788, new byte[] {1, 2}),
                        WebSocketFrames.frame(WebSocketFrames.CONTINUATION, true, false, 0x0badf00d,
                                Arrays.copyOfRange(gz, gz.length / 2, gz.length)),
                        WebSocketFrames.frame(WebSocketFrames.TEXT, true, true, 0x01020304,
                                WebSocketFrames.compress(client, "hello hello hello".getBytes(StandardCharsets.US_ASCII)))),
                concat(WebSocketFrames.frame(WebSocketFrames.PONG, true, false, null, new byte[] {1, 2}),
                        WebSocketFrames.frame(WebSocketFrames.TEXT, true, true, null,
                                WebSocketFrames.compress(server, "ok".getBytes(StandardCharsets.US_ASCII))),
                        WebSocketFrames.frame(WebSocketFrames.CLOSE, true, false, null, new byte[] {3, (byte) 0xe8}))));
        client.end();
        server.end();
        write(t, "http", "download", AppLayerFuzzTest.encode(false, 128,
                HttpSamples.request("GET", "/f.zip", "User-Agent: curl/8.5.0\r\n", new byte[0]),
                HttpSamples.response("200 OK", "Content-Type: application/zip\r\n", Arrays.copyOf(HttpSamples.ZIP, 300))));
        write(t, "tls", "hello-13", AppLayerFuzzTest.encode(false, 128,
                TlsRecords.records(22, TlsRecords.clientHello("a.example", new String[] {"h2", "http/1.1"},
                        new int[] {0x0304, 0x0303}), 16384),
                TlsRecords.records(22, TlsRecords.serverHello(0x0304, 0x1301), 16384)));
        write(t, "tls", "hello-12-fragmented", AppLayerFuzzTest.encode(true, 7,
                TlsRecords.records(22, TlsRecords.clientHello("files.example.org", new String[0], new int[0]), 40),
                TlsRecords.records(22, TlsRecords.serverHello(0x0303, 0xC02F), 30)));
    }

    private void syslog() throws IOException {
        String t = "SyslogFuzzTest";
        for (String f : List.of("auditd.txt", "cef.txt", "laurel.txt", "leef.txt", "mde.txt", "nxlog.txt", "snare.txt",
                "syslog-logger.txt", "sysmon-linux.txt", "windows-xml.txt", "winlogbeat.txt")) {
            byte[] b = read("sensor/src/test/resources/endpoint/" + f);
            byte[] head = Arrays.copyOf(b, lineCut(b, 4096));
            write(t, "payloads", f, head);
            // octet-counted framing of the first lines, cut into reads of 1, 2, 3, ... bytes apart
            StringBuilder octets = new StringBuilder();
            String text = new String(Arrays.copyOf(b, lineCut(b, 1500)), StandardCharsets.ISO_8859_1);
            boolean counted = true;
            for (String line : text.split("\n")) {
                octets.append(counted ? line.length() + " " + line : line + "\n");
                counted = !counted;
            }
            write(t, "framing", f, concat(new byte[] {3, 8, 0, 1, 2, 3, 5, 8, 13, 21},
                    octets.toString().getBytes(StandardCharsets.ISO_8859_1)));
        }
        write(t, "framing", "mixed-delimiters", concat(new byte[] {1, 0},
                "12a<13>x\n\0<14>nul\0\r\n5 <15>y<16>crlf\r\n99999999999 <17>z\n".getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** The end of the last whole line within the budget. */
    private static int lineCut(byte[] b, int budget) {
        int end = Math.min(b.length, budget);
        for (int i = end - 1; i > 0; i--) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return end;
    }

    private void sigma() throws IOException {
        try (var files = Files.list(root.resolve("signatures/sigma"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                write("SigmaFuzzTest", "rule", f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
    }

    private void archives() throws IOException {
        String[][] samples = {
            {"py.zip", "zip"}, {"cli.zip", "zip"}, {"cli-enc.zip", "zip"}, {"cli.7z", "7z"}, {"cli.tar", "tar"},
            {"cli-v7.tar", "tar"}, {"cli-newc.cpio", "cpio"}, {"cli-bin.cpio", "cpio"}, {"cli.a", "ar"},
            {"cli.arj", "arj"}, {"hand-v4.rar", "rar"}, {"hand-v5.rar", "rar"}, {"cli.cab", "cab"},
        };
        for (String[] s : samples) {
            byte[] b = read("sensor/src/test/resources/formats/" + s[0]);
            byte[] head = Arrays.copyOf(b, Math.min(b.length, 4096));
            int format = ArchiveListingFuzzTest.FORMATS.indexOf(s[1]);
            // complete when the sample fits, 8 entries at most
            write("ArchiveListingFuzzTest", "list", s[0],
                    concat(new byte[] {(byte) (format | (head.length == b.length ? 8 : 0) | 3 << 4)}, head));
        }
    }

    /** Streams and a body of the protocols encrypted by design: the first bytes each rule looks for. */
    private void encryptedByDesign(String t) throws IOException {
        String m = "encryptedByDesign";
        byte[] noise = new byte[600];
        new java.util.Random(5).nextBytes(noise);
        write(t, m, "ssh-banner", concat(new byte[] {1},
                "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n".getBytes(StandardCharsets.US_ASCII), noise));
        write(t, m, "tls-records", concat(new byte[] {1}, io.packwatch.testkit.TlsRecords.records(23, noise, 200)));
        // OpenVPN: a hard reset and a control packet of one session, then data packets of one peer
        byte[] session = {1, 2, 3, 4, 5, 6, 7, 8};
        write(t, m, "openvpn", concat(new byte[] {0}, new byte[] {0, 14, 0x38}, session, new byte[5],
                new byte[] {0, 40, 0x20}, session, Arrays.copyOf(noise, 31),
                new byte[] {0, 24, 0x48, 0, 0, 1}, Arrays.copyOf(noise, 21),
                new byte[] {0, 24, 0x48, 0, 0, 1}, Arrays.copyOf(noise, 21),
                new byte[] {0, 24, 0x48, 0, 0, 1}, Arrays.copyOf(noise, 21)));
        // SMB 3: a transform frame whose header states the size it encrypts, flags 1, a session id
        byte[] transform = Arrays.copyOf(noise, 152);
        System.arraycopy(new byte[] {(byte) 0xFD, 'S', 'M', 'B'}, 0, transform, 0, 4);
        System.arraycopy(new byte[] {100, 0, 0, 0, 0, 0, 1, 0}, 0, transform, 36, 8);
        write(t, m, "smb3-transform", concat(new byte[] {0}, new byte[] {0, 0, 0, (byte) 152}, transform));
        write(t, m, "winrm-body", concat(new byte[] {2},
                ("--Encrypted Boundary\r\n\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n"
                        + "\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=600\r\n"
                        + "--Encrypted Boundary\r\n\tContent-Type: application/octet-stream\r\n")
                        .getBytes(StandardCharsets.US_ASCII), new byte[] {16, 0, 0, 0}, noise));
    }

    /** Documents made by real tools, whole (the zips) or their first 2 KiB (a PNG, a PDF). */
    private void documents(String t) throws IOException {
        String dir = "sensor/src/test/resources/documents/";
        write(t, "documents", "pandoc.docx", concat(new byte[] {0}, read(dir + "pandoc.docx")));
        write(t, "documents", "pandoc.odt", concat(new byte[] {0}, read(dir + "pandoc.odt")));
        // byte 0 times 4 is where the zlib stream is judged: inside the PNG's first IDAT chunk, after the PDF's
        // first stream keyword
        write(t, "documents", "magick.png", concat(new byte[] {16}, Arrays.copyOf(read(dir + "magick.png"), 2048)));
        write(t, "documents", "groff.pdf", concat(new byte[] {0x30}, Arrays.copyOf(read(dir + "groff.pdf"), 2048)));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] r = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, r, at, p.length);
            at += p.length;
        }
        return r;
    }
}
