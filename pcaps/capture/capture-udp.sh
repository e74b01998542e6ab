#!/usr/bin/env bash
# Captures real UDP sessions on the loopback interface: clients on 127.0.0.1 send files to servers of their own on
# 127.0.0.2 (so what the clients send is outbound from a home network of 127.0.0.1/32), one session after another.
# Needs root (tcpdump; in.tftpd binds port 69 and chroots), tcpdump, openssl, and Debian's
#   apt-get install -y tftpd-hpa tftp-hpa ngtcp2-server ngtcp2-client
# Writes:
#   pcaps/real/udp-lo.pcap  -i lo, udp and host 127.0.0.2: three sessions, each in its own flows:
#     9999   raw datagrams: a Python sender on 127.0.0.1:40999 sends export.zip (one deflated member, export.csv)
#            in 1400-byte datagrams (the last shorter) to a Python receiver, which answers each with a 4-byte ack
#            b"ok" + a 2-byte big-endian counter; the sender waits for each ack, so nothing is lost or reordered
#     69     TFTP (tftp-hpa client, in.tftpd from tftpd-hpa): a binary-mode WRQ for backup.tar.gz from
#            127.0.0.1:40069 to port 69, then the data in 512-byte blocks to the server's transfer port (its TID),
#            pinned to 50069 with -R, so the request and the transfer are two flows
#     4433   QUIC v1 / HTTP/3 (ngtcp2's example client and server, GnuTLS, self-signed certificate): a POST of
#            export-full.csv as the request body, answered 200 "stored\n"; the client then closes the connection
#            (CONNECTION_CLOSE, H3_NO_ERROR); datagrams are 1200 bytes at most; the client's port is the kernel's
#   pcaps/real/udp.txt      per session: ports, tool versions, and each file sent with its size, SHA-256, how it
#                           was sent and its datagram counts, counted from the pcap
# Ports 9999, 69, 50069 and 4433 on 127.0.0.2 and 40999, 40069 on 127.0.0.1 must be free. Payloads are made here
# from fixed text (gzip mtime 0, fixed zip and tar dates) so their hashes stay put from run to run; the QUIC keys,
# connection IDs and so its ciphertext differ per run, and its datagram count by one or two.
# Where this differs from the first plan:
#   - QUIC is not aioquic: Debian bookworm has no python3-aioquic (apt-cache policy shows no candidate), so the
#     QUIC session uses ngtcp2-client/ngtcp2-server (gtlsclient/gtlsserver), which bookworm does ship.
#   - The ngtcp2 server keeps no upload; it hex-dumps each request body chunk to its log, and the body is rebuilt
#     from that dump to check it arrived byte for byte.
#   - GSO is off on the server (--max-gso-dgrams=1) and PMTUD is off on both ends: on lo a GSO send is captured
#     as one oversized "datagram" holding several QUIC packets, and PMTUD probes would grow datagrams to lo's MTU.
#   - tarfile's own w:gz stamps the current time in the gzip header, so the tar is gzipped with mtime=0 instead.
#   - gtlsclient and tftp have no option for the source address; the kernel picks 127.0.0.1 for 127.0.0.2.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../real" && pwd)
for tool in tcpdump openssl in.tftpd tftp gtlsserver gtlsclient; do
  command -v "$tool" >/dev/null \
      || { echo "needs $tool: apt-get install -y tcpdump openssl tftpd-hpa tftp-hpa ngtcp2-server ngtcp2-client" >&2
           exit 1; }
done
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"

# the files sent, from fixed text (sample_text.py, shared with capture-websocket.sh)
PYTHONPATH="$here" /usr/bin/python3 - <<'PY'
import gzip, hashlib, io, tarfile, zipfile

from sample_text import csv, prose

buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    info = zipfile.ZipInfo("export.csv", date_time=(2024, 5, 6, 9, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    z.writestr(info, csv(620, b"export"))
open("export.zip", "wb").write(buf.getvalue())

buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
    data = prose(550, b"backup")
    info = tarfile.TarInfo("backup/ledger.txt")
    info.size, info.mtime, info.mode = len(data), 1714986000, 0o644
    t.addfile(info, io.BytesIO(data))
open("backup.tar.gz", "wb").write(gzip.compress(buf.getvalue(), mtime=0))

open("export-full.csv", "wb").write(csv(1030, b"export"))
PY

# session 1: sender and receiver in one process, the receiver in a thread; it knows the size, so no end marker
cat > raw.py <<'PY'
import socket, struct, threading

data = open("export.zip", "rb").read()
chunks = [data[i:i + 1400] for i in range(0, len(data), 1400)]
server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("127.0.0.2", 9999))
received = bytearray()

def receive():
    n = 0
    while len(received) < len(data):
        datagram, peer = server.recvfrom(65535)
        received.extend(datagram)
        n += 1
        server.sendto(b"ok" + struct.pack(">H", n), peer)

thread = threading.Thread(target=receive)
thread.start()
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client.bind(("127.0.0.1", 40999))
client.settimeout(5)
for n, chunk in enumerate(chunks, 1):
    client.sendto(chunk, ("127.0.0.2", 9999))
    ack, _ = client.recvfrom(16)
    assert ack == b"ok" + struct.pack(">H", n), ack
thread.join()
assert bytes(received) == data, "raw upload arrived changed"
PY

tcpdump -i lo -w "$out/udp-lo.pcap" -s 0 'udp and host 127.0.0.2' 2>/dev/null &
dump=$!
sleep 1

/usr/bin/python3 raw.py
sleep 0.5

# session 2: in.tftpd chroots into tftproot and drops to nobody, who must be able to create the file there
mkdir tftproot
chown nobody tftproot
in.tftpd -L -a 127.0.0.2:69 -R 50069:50069 --create -s "$work/tftproot" &
tftpd=$!
sleep 0.5
tftp -R 40069:40069 -m binary 127.0.0.2 -c put backup.tar.gz
cmp backup.tar.gz tftproot/backup.tar.gz
kill -TERM "$tftpd"
wait "$tftpd" || true
sleep 0.5

# session 3: QUIC; the server's HTTP dump (on by default) is the only copy of what it received
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.2 \
    -addext subjectAltName=IP:127.0.0.2 -keyout quic.key -out quic.crt 2>/dev/null
mkdir htdocs
printf 'stored\n' > htdocs/upload
gtlsserver -d "$work/htdocs" --no-quic-dump --no-pmtud --max-gso-dgrams=1 127.0.0.2 4433 quic.key quic.crt \
    > quic-server.log 2>&1 &
quic=$!
sleep 0.5
gtlsclient -q --no-pmtud --exit-on-all-streams-close -m POST -d export-full.csv \
    127.0.0.2 4433 https://127.0.0.2:4433/upload
PYTHONPATH="$here" /usr/bin/python3 - <<'PY'
import re
# lines "00000000  3c 68 ... |<h|" after each "http: stream 0x0 body N bytes"; a line of "*" would mean a skipped repeat
body, sizes, inbody = bytearray(), 0, False
for line in open("quic-server.log", errors="replace"):
    m = re.match(r"http: stream 0x0 body (\d+) bytes", line)
    if m:
        sizes += int(m.group(1)); inbody = True; continue
    if inbody and re.match(r"[0-9a-f]{8}  ", line):
        body.extend(bytes.fromhex(line[10:59].replace(" ", "")))
    elif inbody:
        assert not line.startswith("*"), "hexdump skipped repeated lines"
        inbody = False
data = open("export-full.csv", "rb").read()
assert sizes == len(data) and bytes(body) == data, "QUIC upload arrived changed (%d of %d bytes)" % (sizes, len(data))
PY
kill -TERM "$quic"
wait "$quic" || true

# let tcpdump write the last packets before it stops
sleep 1
kill -INT "$dump"
wait "$dump" || true

# the record: counts come from the pcap itself (Ethernet framing on lo), which also checks nothing was truncated
version() { dpkg-query -W -f '${Version}' "$1"; }
/usr/bin/python3 - "$out/udp-lo.pcap" > "$out/udp.txt" <<PY
import collections, hashlib, struct, sys, tarfile, zipfile

pcap = open(sys.argv[1], "rb").read()
assert struct.unpack("<I", pcap[:4])[0] == 0xa1b2c3d4 and struct.unpack("<I", pcap[20:24])[0] == 1
flows = collections.Counter()
off = 24
while off < len(pcap):
    _, _, caplen, length = struct.unpack("<IIII", pcap[off:off + 16])
    assert caplen == length, "truncated packet at offset %d" % off
    frame = pcap[off + 16:off + 16 + caplen]
    off += 16 + caplen
    ip = frame[14:]
    assert frame[12:14] == b"\x08\x00" and ip[9] == 17
    ihl = (ip[0] & 15) * 4
    sport, dport, ulen = struct.unpack(">HHH", ip[ihl:ihl + 6])
    assert ulen == len(ip) - ihl, "UDP length %d, %d bytes captured (a GSO batch?)" % (ulen, len(ip) - ihl)
    flows[("%d.%d.%d.%d" % tuple(ip[12:16]), sport, "%d.%d.%d.%d" % tuple(ip[16:20]), dport)] += 1

def count(src, sport, dst, dport):
    return flows.pop((src, sport, dst, dport), 0)

def describe(name, how):
    data = open(name, "rb").read()
    return "  %s  %d bytes  sha256 %s\n    %s" % (name, len(data), hashlib.sha256(data).hexdigest(), how)

python = "Python %d.%d.%d (/usr/bin/python3)" % sys.version_info[:3]
print("udp-lo.pcap: %d datagrams, clients on 127.0.0.1, servers on 127.0.0.2, sessions in this order" % (sum(flows.values())))
print()
print("session 1, raw datagrams: 127.0.0.1:40999 -> 127.0.0.2:9999, %s socket.sendto" % python)
print(describe("export.zip", "zip (ZIP_DEFLATED, date 2024-05-06 09:00:00) of one member export.csv, %d bytes of CSV;"
               % zipfile.ZipFile("export.zip").getinfo("export.csv").file_size))
print("    sent in 1400-byte datagrams, each acked with b'ok' + 2-byte counter before the next")
print("    %d datagrams client->server, %d acks server->client"
      % (count("127.0.0.1", 40999, "127.0.0.2", 9999), count("127.0.0.2", 9999, "127.0.0.1", 40999)))
print()
print("session 2, TFTP: request 127.0.0.1:40069 -> 127.0.0.2:69, transfer 127.0.0.1:40069 <-> 127.0.0.2:50069 (server TID)")
print("  tftp-hpa $(version tftp-hpa) (client, tftp -m binary -c put), tftpd-hpa $(version tftpd-hpa) (in.tftpd -L --create -s)")
print(describe("backup.tar.gz", "tar (one member backup/ledger.txt, %d bytes of text, mtime 2024-05-06 09:00:00 UTC),"
               " gzip mtime 0;" % tarfile.open("backup.tar.gz").getmember("backup/ledger.txt").size))
print("    uploaded with a binary-mode WRQ, 512-byte DATA blocks, each ACKed; received byte for byte (cmp)")
print("    %d WRQ to port 69, %d from 50069 (ACK 0 and block ACKs), %d to 50069 (DATA blocks)"
      % (count("127.0.0.1", 40069, "127.0.0.2", 69), count("127.0.0.2", 50069, "127.0.0.1", 40069),
         count("127.0.0.1", 40069, "127.0.0.2", 50069)))
print()
quic = [k for k in flows if 4433 in (k[1], k[3])]
ports = sorted({k[1] for k in quic if k[0] == "127.0.0.1"})
print("session 3, QUIC v1 / HTTP/3 (h3): 127.0.0.1:%s -> 127.0.0.2:4433, TLS 1.3 by GnuTLS $(version libgnutls30)"
      % ",".join(map(str, ports)))
print("  ngtcp2-client $(version ngtcp2-client) (gtlsclient -m POST -d), ngtcp2-server $(version ngtcp2-server) (gtlsserver),"
      " libngtcp2 $(version libngtcp2-9); aioquic: not used, bookworm has no python3-aioquic")
print(describe("export-full.csv", "CSV text, uncompressed, the body of POST https://127.0.0.2:4433/upload on one"
               " bidirectional stream; received byte for byte (rebuilt from the server's HTTP dump)"))
print("    %d datagrams client->server, %d server->client"
      % (sum(flows.pop(k) for k in quic if k[0] == "127.0.0.1"), sum(flows.pop(k) for k in quic if k[0] == "127.0.0.2")))
assert not flows, "datagrams of no session: %r" % flows
PY
echo "wrote $out/udp-lo.pcap and $out/udp.txt"
