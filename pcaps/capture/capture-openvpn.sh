#!/usr/bin/env bash
# Captures real OpenVPN-over-TCP sessions on the loopback interface: an OpenVPN 2.6 client on
# 127.0.0.1 connects to a server of its own on 127.0.0.2 (certificates made here), and a gzip file is
# copied through the tunnel to a TCP sink behind the server. The client's tun device lives in a
# network namespace of its own, so what goes into it leaves the host through the encrypted TCP
# connection instead of the local route. Needs root (tcpdump, tun, netns), tcpdump, openvpn, openssl,
# iproute2, python3.
# Writes:
#   pcaps/real/openvpn-lo.pcap  -i lo, tcp port 1194 or 443: two sessions, handshake to teardown:
#                               AES-256-GCM on port 1194 (P_DATA_V2 packets, clear packet ids), then
#                               AES-256-CBC with HMAC-SHA256 on port 443 (no clear packet id)
#   pcaps/real/openvpn.txt      the file's size and SHA-256, and the openvpn version, for the record
# Ports 1194 and 443 on 127.0.0.2 must be free. Keys, timing and ciphertext differ from run to run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../real" && pwd)
work=$(mktemp -d)
ns=pwvpn$$
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  pkill -f "openvpn --config $work/" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

# a CA, and a certificate for each end (EC P-256; the server's says it is one, for --remote-cert-tls)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=packwatch-ca \
    -keyout ca.key -out ca.crt 2>/dev/null
for end in server client; do
  usage=$([[ $end == server ]] && echo serverAuth || echo clientAuth)
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$end" \
      -keyout "$end.key" -out "$end.csr" 2>/dev/null
  printf 'keyUsage=digitalSignature\nextendedKeyUsage=%s\n' "$usage" > "$end.ext"
  openssl x509 -req -in "$end.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile "$end.ext" \
      -out "$end.crt" 2>/dev/null
done

# 2 MB of text, gzipped: what a script would stage before copying it out
python3 -c '
import gzip
text = b"".join(b"%06d,customer-%05d,account,%d.%02d,confidential\n" % (i, i % 9973, i * 37 % 100000, i % 100)
                for i in range(40000))
open("export.csv.gz", "wb").write(gzip.compress(text, mtime=0))
'

ip netns add "$ns"
ip -n "$ns" link set lo up
# the client's tun goes into the namespace as soon as it exists
cat > client-up.sh <<EOF
#!/bin/sh
ip link set "\$1" netns $ns
ip -n $ns addr add 10.8.0.2 peer 10.8.0.1 dev "\$1"
ip -n $ns link set "\$1" up
EOF
chmod +x client-up.sh

# a sink for the upload on the server's tunnel address; it writes what it got to received.gz
sink() {
  python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.8.0.1", 8080)); s.listen(1)
c, _ = s.accept(); data = b""
while chunk := c.recv(65536):
    data += chunk
open(sys.argv[1], "wb").write(data)
' "$work/received.gz"
}

# session PORT CIPHER [openvpn options...]: one tunnel, one upload through it, both ends stopped
session() {
  local port=$1 cipher=$2
  shift 2
  local common=(--dev-type tun --ca ca.crt --dh none --data-ciphers "$cipher" --verb 3 "$@")
  printf 'proto tcp-server\nlocal 127.0.0.2\nlport %s\ndev pwvpn-s\nifconfig 10.8.0.1 10.8.0.2\n' "$port" > server.conf
  printf 'proto tcp-client\nremote 127.0.0.2 %s\nlocal 127.0.0.1\nlport 0\ndev pwvpn-c\n' "$port" > client.conf
  openvpn --config "$work/server.conf" --tls-server --cert server.crt --key server.key "${common[@]}" \
      --log server.log &
  local server=$!
  sleep 1
  openvpn --config "$work/client.conf" --tls-client --remote-cert-tls server --cert client.crt --key client.key \
      --ifconfig-noexec --route-noexec --script-security 2 --up "$work/client-up.sh" "${common[@]}" \
      --log client.log &
  local client=$!
  for _ in $(seq 100); do
    grep -q 'Initialization Sequence Completed' client.log 2>/dev/null \
        && grep -q 'Initialization Sequence Completed' server.log 2>/dev/null && break
    sleep 0.1
  done
  sink &
  local sink=$!
  sleep 0.5
  ip netns exec "$ns" python3 -c '
import socket
s = socket.create_connection(("10.8.0.1", 8080), timeout=20)
s.sendall(open("export.csv.gz", "rb").read())
s.close()
'
  wait "$sink"
  cmp export.csv.gz received.gz
  rm received.gz
  sleep 0.5
  kill -TERM "$client"
  wait "$client" || true
  kill -TERM "$server"
  wait "$server" || true
}

tcpdump -i lo -w "$out/openvpn-lo.pcap" -s 0 'tcp port 1194 or tcp port 443' 2>/dev/null &
dump=$!
sleep 1
session 1194 AES-256-GCM
session 443 AES-256-CBC --auth SHA256
sleep 1
kill -INT "$dump"
wait "$dump" || true
{
  echo "$(stat -c %s export.csv.gz) bytes, sha256 $(sha256sum export.csv.gz | cut -d' ' -f1)"
  openvpn --version | head -1
} > "$out/openvpn.txt"
echo "wrote $out/openvpn-lo.pcap and $out/openvpn.txt"
