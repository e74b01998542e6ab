#!/bin/sh
# Regenerates the nested-layer and archive-listing samples in this directory with the real tools
# (gzip, bzip2, xz, zstd, zip, tar, python3 stdlib). Debian: apt-get install -y zstd xz-utils bzip2 zip tar python3
# The WinZip AES zip is built by the Python code at the end from the WinZip AE-2 specification
# (no free command-line zip here writes AES; 7-Zip does, but is not installed): it needs python3-cryptography.
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/docs"
python3 - "$work/docs" <<'PY'
import sys, os
words = "customer account invoice password salary export quarterly report confidential the of and to".split()
text = "\n".join(" ".join(words[(i * 7 + j * 3) % len(words)] for j in range(12)) for i in range(150)) + "\n"
open(os.path.join(sys.argv[1], "secret.txt"), "w").write(text)
open(os.path.join(sys.argv[1], "notes.txt"), "w").write("meeting notes\n" * 20)
os.mkdir(os.path.join(sys.argv[1], "many"))
for i in range(150):
    open(os.path.join(sys.argv[1], "many", "f%03d.txt" % i), "w").write("row %d\n" % i)
PY
touch -d '2026-01-02 03:04:05 UTC' "$work/docs/secret.txt" "$work/docs/notes.txt" "$work/docs/many" "$work/docs/many/"*
tarit() { (cd "$work/docs" && tar --format=gnu --owner=0 --group=0 --mtime='2026-01-02 03:04:05 UTC' -cf - secret.txt notes.txt); }

# tar inside each compressor
tarit > docs.tar
gzip -9 -n -c docs.tar > docs.tar.gz
bzip2 -9 -c docs.tar > docs.tar.bz2
xz -6 -c docs.tar > docs.tar.xz
zstd -q -19 -c docs.tar > docs.tar.zst
# gzip in gzip, zip in gzip
gzip -9 -n -c docs.tar.gz > docs.tar.gz.gz
(cd "$work/docs" && zip -q -X -9 "$work/docs.zip" secret.txt notes.txt)
gzip -9 -n -c "$work/docs.zip" > docs.zip.gz
# 150 entries: more than a test's max_entries; also cut short for partial listings
(cd "$work/docs" && zip -q -X -9 -r "$work/many.zip" many -z <<'C'
quarterly export
C
) && cp "$work/many.zip" many.zip
(cd "$work/docs" && tar --format=ustar --owner=0 --group=0 --mtime='2026-01-02 03:04:05 UTC' -cf - many) > many.tar
# ZipCrypto: zip -P
# ZipCrypto headers hold random bytes: a re-run changes the file, not its structure
(cd "$work/docs" && zip -q -X -P hunter2 "$work/zipcrypto.zip" secret.txt notes.txt) && cp "$work/zipcrypto.zip" zipcrypto.zip
# decompression bombs: 100 MiB of zeros gzipped, and gzipped again
head -c 104857600 /dev/zero | gzip -9 -n > zeros.gz
gzip -9 -n -c zeros.gz > zeros.gz.gz

python3 - "$work/docs/secret.txt" <<'PY'
import sys, base64, gzip, json, os, struct, zlib, hashlib, hmac
data = open(sys.argv[1], "rb").read()
tgz = open("docs.tar.gz", "rb").read()
# gzip in base64 in JSON, as an exfiltration script posts it
json.dump({"host": "ws-17", "user": "alice", "data": base64.b64encode(tgz).decode()}, open("upload.json", "w"))
# an archive after a prefix inside the encoding: base64 of a JSON header line followed by the gzip
gz = gzip.compress(data, mtime=1767322000)
blob = b'{"v":1,"kind":"export","name":"secret.txt"}\n' + gz
open("prefixed.json", "w").write('{"id":42,"payload":"' + base64.b64encode(blob).decode() + '"}')

# WinZip AES (AE-2, AES-256) per https://www.winzip.com/en/support/aes-encryption/: PBKDF2-HMAC-SHA1 (1000
# rounds) gives the AES key, the HMAC key and a 2-byte password verifier; AES-CTR with a little-endian
# counter from 1; a 10-byte HMAC-SHA1 over the ciphertext. Method 99 with extra field 0x9901.
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
def aes_zip(name, plain, password, salt):
    keys = hashlib.pbkdf2_hmac("sha1", password, salt, 1000, 66)
    enc, mac, pwv = keys[:32], keys[32:64], keys[64:]
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = comp.compress(plain) + comp.flush()
    ecb = Cipher(algorithms.AES(enc), modes.ECB()).encryptor()
    stream = b"".join(ecb.update((i + 1).to_bytes(16, "little")) for i in range((len(packed) + 15) // 16))
    cipher = bytes(a ^ b for a, b in zip(packed, stream))
    body = salt + pwv + cipher + hmac.new(mac, cipher, hashlib.sha1).digest()[:10]
    extra = struct.pack("<HHH2sBH", 0x9901, 7, 2, b"AE", 3, 8)
    n = name.encode()
    dos_time, dos_date = (3 << 11) | (4 << 5) | 2, ((2026 - 1980) << 9) | (1 << 5) | 2
    local = struct.pack("<IHHHHHIIIHH", 0x04034b50, 51, 1, 99, dos_time, dos_date, 0, len(body), len(plain),
                        len(n), len(extra)) + n + extra
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 0x033F, 51, 1, 99, dos_time, dos_date, 0, len(body),
                          len(plain), len(n), len(extra), 0, 0, 0, 0o100644 << 16, 0) + n + extra
    end = struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, 1, 1, len(central), len(local) + len(body), 0)
    return local + body + central + end
open("winzip-aes.zip", "wb").write(aes_zip("secret.txt", data, b"hunter2", bytes(range(16))))

# str(bytes) of a bzip2 stream holding a ' and no ": Python's repr then quotes with ", as b"BZh...'..."
import bz2
for i in range(1000):
    z = bz2.compress(data + b"%d\n" % i, 9)
    if b"'" in z and b'"' not in z:
        open("repr-dq.txt", "w").write(str(z))
        break
PY
ls -l
