#!/usr/bin/env bash
# Runs the four Atomic Red Team tests for T1560.002 (Linux) exactly as atomics/T1560.002/T1560.002.yaml
# gives them, with this directory's fake passwd as #{path_to_input_file}, and keeps what they write.
# What they produce is not what the names say:
#   passwd.gz      test 1, gzip.GzipFile: a real gzip member (its mtime is the time of the run)
#   passwd.bz2     test 2, bz2.compress then write(str(bytes)) in text mode: the *Python repr* of the
#                  bzip2 stream, b'BZh9...\x..', an escaped byte string, not a bzip2 file
#   passwd.zip     test 3, zipfile.ZipFile(mode='w').write(): a zip whose entry is STORED (not compressed)
#   passwd.tar.gz  test 4 runs the zipfile command again: a stored zip named .tar.gz
# Re-running changes the gzip mtime and the zip timestamps, so tests assert on structure, not hashes.
set -euo pipefail
cd "$(dirname "$0")"
in=passwd
python3 -c "import gzip;input_file=open('$in', 'rb');content=input_file.read();input_file.close();output_file=gzip.GzipFile('passwd.gz','wb',compresslevel=6);output_file.write(content);output_file.close();"
python3 -c "import bz2;input_file=open('$in','rb');content=input_file.read();input_file.close();bz2content=bz2.compress(content,compresslevel=9);output_file=open('passwd.bz2','w+');output_file.write(str(bz2content));output_file.close();"
python3 -c "from zipfile import ZipFile; ZipFile('passwd.zip', mode='w').write('$in')"
python3 -c "from zipfile import ZipFile; ZipFile('passwd.tar.gz', mode='w').write('$in')"
