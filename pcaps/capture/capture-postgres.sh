#!/usr/bin/env bash
# Captures a real PostgreSQL session over TLS on the loopback interface: psql from 127.0.0.1 asks a server of its
# own on 127.0.0.2:5432 for TLS (the SSLRequest, then the handshake: TLS that starts 8 bytes into the stream, as
# STARTTLS does) and copies 200 KB of CSV into a table. Needs root (tcpdump; the server runs as the postgres user),
# tcpdump, postgresql, openssl.
# Writes:
#   pcaps/real/postgres-tls-lo.pcap  -i lo, tcp port 5432: one session, handshake to FIN
#   pcaps/real/postgres-tls.txt      the CSV's size and the PostgreSQL version, for the record
# Port 5432 on 127.0.0.2 must be free. Keys, timing and ciphertext differ from run to run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../real" && pwd)
work=$(mktemp -d)
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
trap 'su postgres -c "$bin/pg_ctl -D $work/data -m immediate stop" >/dev/null 2>&1 || true; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
chown postgres "$work"
cd "$work"
su postgres -c "$bin/initdb -D $work/data -A trust -U postgres" >/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=db.packwatch.test \
    -keyout data/server.key -out data/server.crt 2>/dev/null
chown postgres data/server.key data/server.crt
chmod 600 data/server.key
cat >> data/postgresql.conf <<CONF
listen_addresses = '127.0.0.2'
port = 5432
ssl = on
unix_socket_directories = '$work'
CONF
echo "hostssl all all 127.0.0.1/32 trust" > data/pg_hba.conf
su postgres -c "$bin/pg_ctl -D $work/data -l $work/server.log -w start" >/dev/null

python3 -c '
text = "".join("%06d,customer-%05d,account,%d.%02d,confidential\n" % (i, i % 9973, i * 37 % 100000, i % 100)
               for i in range(4000))
open("export.csv", "w").write(text)
'
chmod 644 export.csv
psql() { su postgres -c "$bin/psql -q 'host=127.0.0.2 port=5432 sslmode=require user=postgres dbname=postgres' $*"; }
psql -c "'create table export (id int, customer text, kind text, amount numeric, label text)'"
tcpdump -i lo -w "$out/postgres-tls-lo.pcap" -s 0 'tcp port 5432' 2>/dev/null &
dump=$!
sleep 1
psql -c "'\\copy export from $work/export.csv with (format csv)'"
sleep 1
kill -INT "$dump"
wait "$dump" || true
{
  echo "$(stat -c %s export.csv) bytes of CSV"
  "$bin/postgres" --version
} > "$out/postgres-tls.txt"
echo "wrote $out/postgres-tls-lo.pcap and $out/postgres-tls.txt"
