#!/usr/bin/env bash
# Captures real WebSocket sessions on the loopback interface: clients on 127.0.0.1 talk to servers of their own on
# 127.0.0.2 (so what the clients send is outbound from a home network of 127.0.0.1/32), one session after another,
# each closed with a close handshake. The libraries are Debian's: websockets 10.4 (server, and asyncio client) and
# websocket-client 1.2.3.
# Needs root (tcpdump), tcpdump, python3-websockets, python3-websocket (Debian's /usr/bin/python3 imports them).
# Writes:
#   pcaps/real/websocket-lo.pcap  -i lo, tcp port 8765 or 8766 or 8767: three connections, handshake to FIN:
#     8765  websockets to websockets, GET /ws/chat, permessage-deflate as the library negotiates it by default
#           (context takeover both ways): a JSON chat message, a zip of a 300 KB CSV as one binary message (the
#           exfiltration), a JSON text message carrying a gzip in base64, five small text messages; the server acks
#           each and once sends a gzip back (a download)
#     8766  websocket-client (no compression) to websockets with compression=None, GET /upload: a tar.gz sent as
#           ONE binary message in 16 KiB frames (binary fin=0, continuations, the last fin=1) with a ping between
#           two fragments, then the text "done"
#     8767  websockets to websockets, permessage-deflate with server_no_context_takeover,
#           client_no_context_takeover and client_max_window_bits=10: a bz2 as binary, then the same 20 KB CSV
#           as text twice (both copies compress alike, nothing of the first is referred to: a decoder that kept
#           or dropped a context against the negotiation would show here)
#   pcaps/real/websocket.txt      per session: port, library versions, the Sec-WebSocket-Extensions the server
#                                 answered, and every message in wire order with its direction, opcode, length,
#                                 SHA-256 and what it is (pings and pongs too, as the control frames they are)
# Ports 8765-8767 on 127.0.0.2 must be free. Payloads are made here from fixed text (gzip mtime 0, fixed zip and tar
# dates) so their hashes stay put from run to run, zlib permitting; handshake keys and client masks differ per run.
# Where the libraries differ from what one might expect:
#   - websockets 10.4's default compression is not plain permessage-deflate: the client offers
#     client_max_window_bits and the server answers server_max_window_bits=12; client_max_window_bits=12 (and
#     compresses with memLevel 5). Context takeover stays on both ways, which is what session 8765 is for.
#   - websockets sends each message as a single frame (it only fragments messages given as iterables), which is
#     why the fragmented upload comes from websocket-client's ABNF.create_frame and send_frame.
#   - websocket-client has no option for the source address; the kernel picks 127.0.0.1 for 127.0.0.2 anyway.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../real" && pwd)
command -v tcpdump >/dev/null || { echo "needs tcpdump: apt-get install -y tcpdump" >&2; exit 1; }
/usr/bin/python3 -c 'import websockets, websocket' 2>/dev/null \
    || { echo "needs apt-get install -y python3-websockets python3-websocket" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"

cat > sessions.py <<'PY'
import asyncio, base64, bz2, gzip, hashlib, io, json, sys, tarfile, zipfile
import websocket, websockets
from websocket import ABNF
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory, ServerPerMessageDeflateFactory

record = open(sys.argv[1], "w")
count = 0

def note(direction, opcode, payload, what):
    global count
    count += 1
    data = payload.encode() if isinstance(payload, str) else payload
    record.write("  %2d  %s  %-6s %7d bytes  sha256 %s  %s\n"
                 % (count, direction, opcode, len(data), hashlib.sha256(data).hexdigest(), what))
    record.flush()

def session(port, libraries, path, extensions):
    global count
    count = 0
    record.write("session on port %d: %s, ws://127.0.0.2:%d%s\n  Sec-WebSocket-Extensions: %s\n"
                 % (port, libraries, port, path, extensions or "(none)"))

# fixed text (sample_text.py, shared with capture-udp.sh)
from sample_text import csv, prose

def zipped(name, data):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo(name, date_time=(2024, 5, 6, 9, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        z.writestr(info, data)
    return buf.getvalue()

def targz(members):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 1714986000, 0o644
            t.addfile(info, io.BytesIO(data))
    return gzip.compress(buf.getvalue(), mtime=0)

export_csv, report_txt, figures_txt = csv(3050, b"export"), prose(1500, b"report"), prose(750, b"figures")
backup = [("backup/customers.csv", csv(1100, b"customers")), ("backup/notes.txt", prose(1250, b"notes"))]
archive_txt = prose(1500, b"archive")
export_zip = zipped("export.csv", export_csv)
report_json = json.dumps({"name": "report.gz", "data": base64.b64encode(gzip.compress(report_txt, mtime=0)).decode()})
download_gz = gzip.compress(figures_txt, mtime=0)
backup_tgz = targz(backup)
archive_bz2 = bz2.compress(archive_txt)
table_csv = csv(205, b"table").decode()

chat = json.dumps({"type": "chat", "room": "ops", "from": "m.keller", "ts": "2024-05-06T09:14:03Z",
                   "text": "Pulling the customer export now, will drop it in here in a minute. Ping me if it breaks."})
small = ['{"type":"typing"}', "ok, got it", '{"type":"get","file":"figures.txt.gz"}', "thanks!", "bye"]

# no keepalive pings: only the frames listed in the record are on the wire
quiet = dict(ping_interval=None)

async def chat_server(ws):
    n = 0
    async for message in ws:
        n += 1
        ack = '{"ack":%d}' % n
        note("server->client", "text", ack, "ack of message %d" % n)
        await ws.send(ack)
        if message == small[2]:
            note("server->client", "binary", download_gz, "figures.txt.gz, gzip of %d bytes of text (the download)"
                 % len(figures_txt))
            await ws.send(download_gz)

async def chat_session():
    async with websockets.serve(chat_server, "127.0.0.2", 8765, **quiet):
        async with websockets.connect("ws://127.0.0.2:8765/ws/chat", local_addr=("127.0.0.1", 0), **quiet) as ws:
            session(8765, "websockets %s client and server" % websockets.__version__, "/ws/chat",
                    ws.response_headers.get("Sec-WebSocket-Extensions"))
            messages = [(chat, "text", "chat message (JSON)"),
                        (export_zip, "binary", "zip holding export.csv, %d bytes of CSV, deflated (the exfiltration)"
                         % len(export_csv)),
                        (report_json, "text", 'JSON {"name":"report.gz","data":base64 of a gzip of %d bytes of text}'
                         % len(report_txt))]
            messages += [(m, "text", "small message %d of 5" % (i + 1)) for i, m in enumerate(small)]
            for n, (payload, opcode, what) in enumerate(messages, 1):
                note("client->server", opcode, payload, what)
                await ws.send(payload)
                assert await ws.recv() == '{"ack":%d}' % n
                if payload == small[2]:
                    assert await ws.recv() == download_gz

received = []

async def keep(ws):
    async for message in ws:
        received.append(message)

def upload_client():
    ws = websocket.create_connection("ws://127.0.0.2:8766/upload")
    session(8766, "websocket-client %s client, websockets %s server (compression=None)"
            % (websocket.__version__, websockets.__version__), "/upload",
            ws.getheaders().get("sec-websocket-extensions"))
    note("client->server", "binary", backup_tgz, "backup.tar.gz (customers.csv %d bytes, notes.txt %d bytes), one message "
         "in %d frames of 16 KiB at most, a ping after the second"
         % (len(backup[0][1]), len(backup[1][1]), -(-len(backup_tgz) // 16384)))
    fragments = [backup_tgz[i:i + 16384] for i in range(0, len(backup_tgz), 16384)]
    assert len(fragments) >= 3
    for i, fragment in enumerate(fragments):
        ws.send_frame(ABNF.create_frame(fragment, ABNF.OPCODE_BINARY if i == 0 else ABNF.OPCODE_CONT,
                                        fin=int(i == len(fragments) - 1)))
        if i == 1:
            # a control frame in the middle of a fragmented message, as RFC 6455 5.4 allows
            note("client->server", "ping", b"keepalive", "ping between fragments 2 and 3")
            ws.ping(b"keepalive")
            # the pong comes back before the message is complete: the server reads control frames as they come
            opcode, frame = ws.recv_data_frame(control_frame=True)
            assert opcode == ABNF.OPCODE_PONG and frame.data == b"keepalive"
            note("server->client", "pong", frame.data, "websockets' automatic pong")
    note("client->server", "text", "done", "done")
    ws.send("done")
    ws.close()

async def upload_session():
    async with websockets.serve(keep, "127.0.0.2", 8766, compression=None, **quiet):
        await asyncio.to_thread(upload_client)
    assert received == [backup_tgz, "done"], "upload arrived changed"

async def no_takeover_session():
    received.clear()
    server = ServerPerMessageDeflateFactory(server_no_context_takeover=True, client_no_context_takeover=True,
                                            client_max_window_bits=10)
    client = ClientPerMessageDeflateFactory(server_no_context_takeover=True, client_no_context_takeover=True,
                                            client_max_window_bits=10)
    async with websockets.serve(keep, "127.0.0.2", 8767, compression=None, extensions=[server], **quiet):
        async with websockets.connect("ws://127.0.0.2:8767/sync", local_addr=("127.0.0.1", 0), compression=None,
                                      extensions=[client], **quiet) as ws:
            session(8767, "websockets %s client and server" % websockets.__version__, "/sync",
                    ws.response_headers.get("Sec-WebSocket-Extensions"))
            note("client->server", "binary", archive_bz2, "archive.txt.bz2, bz2 of %d bytes of text"
                 % len(archive_txt))
            await ws.send(archive_bz2)
            for copy in ("first", "second"):
                note("client->server", "text", table_csv, "table.csv, %s copy (the same text)" % copy)
                await ws.send(table_csv)
    assert received == [archive_bz2, table_csv, table_csv], "messages arrived changed"

async def main():
    await chat_session()
    await upload_session()
    await no_takeover_session()

asyncio.run(main())
PY

tcpdump -i lo -w "$out/websocket-lo.pcap" -s 0 'tcp port 8765 or tcp port 8766 or tcp port 8767' 2>/dev/null &
dump=$!
sleep 1
PYTHONPATH="$here" /usr/bin/python3 sessions.py "$work/websocket.txt"
# let tcpdump write the last packets before it stops
sleep 1
kill -INT "$dump"
wait "$dump" || true
cp websocket.txt "$out/websocket.txt"
echo "wrote $out/websocket-lo.pcap and $out/websocket.txt"
