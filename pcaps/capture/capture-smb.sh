#!/usr/bin/env bash
# Captures a real SMB 3 upload with encryption on the loopback interface: Samba's smbclient from 127.0.0.1 puts a
# file on an smbd of its own (listening on port 445, reached at 127.0.0.2), with "server smb encrypt = required",
# so everything after the session setup travels in SMB2 TRANSFORM_HEADER frames (MS-SMB2 2.2.41: 0xFD 'SMB',
# signature, nonce, session id, then AES-128-GCM or AES-128-CCM ciphertext).
# Needs root (tcpdump, port 445), tcpdump, samba, smbclient, python3. Port 445 must be free.
# Writes:
#   pcaps/real/smb3-encrypted-lo.pcap  -i lo, tcp port 445: one session, handshake to FIN: negotiate and session
#                                      setup in the clear, then tree connect, create, writes and close encrypted
#   pcaps/real/smb3.txt                the file's size and SHA-256, and the Samba version, for the record
# Keys, timing and ciphertext differ from run to run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../real" && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; pkill -f "smbd -s $work/smb.conf" || true; rm -rf "$work"' EXIT
cd "$work"
mkdir private lock state cache pid ncalrpc share
# bound to every address (smbd binds interface addresses, and 127.0.0.2 is none), reached at 127.0.0.2 so that
# the client's address, 127.0.0.1, differs from the server's
cat > smb.conf <<CONF
[global]
  interfaces = lo
  bind interfaces only = no
  smb ports = 445
  server role = standalone server
  server min protocol = SMB3
  server smb encrypt = required
  private dir = $work/private
  lock directory = $work/lock
  state directory = $work/state
  cache directory = $work/cache
  pid directory = $work/pid
  ncalrpc dir = $work/ncalrpc
  log file = $work/log.%m
  passdb backend = tdbsam:$work/private/passdb.tdb
  map to guest = never
  disable netbios = yes
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
[drop]
  path = $work/share
  read only = no
  force user = root
CONF
printf 'Passw0rd!\nPassw0rd!\n' | smbpasswd -c smb.conf -a -s root >/dev/null
smbd -s "$work/smb.conf" -D
sleep 2

# 2 MB of text, gzipped: what a script would stage before copying it out
python3 -c '
import gzip
text = b"".join(b"%06d,customer-%05d,account,%d.%02d,confidential\n" % (i, i % 9973, i * 37 % 100000, i % 100)
                for i in range(40000))
open("export.csv.gz", "wb").write(gzip.compress(text, mtime=0))
'
tcpdump -i lo -w "$out/smb3-encrypted-lo.pcap" -s 0 'tcp port 445' 2>/dev/null &
dump=$!
sleep 1
smbclient //127.0.0.2/drop -s smb.conf -U 'root%Passw0rd!' --option='client min protocol=SMB3' \
    --option='client smb encrypt=required' -c 'put export.csv.gz' >/dev/null
sleep 1
kill -INT "$dump"
wait "$dump" || true
cmp export.csv.gz share/export.csv.gz
{
  echo "$(stat -c %s export.csv.gz) bytes, sha256 $(sha256sum export.csv.gz | cut -d' ' -f1)"
  smbd --version
} > "$out/smb3.txt"
echo "wrote $out/smb3-encrypted-lo.pcap and $out/smb3.txt"
