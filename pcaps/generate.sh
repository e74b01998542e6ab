#!/usr/bin/env bash
# Regenerates the generated test captures in pcaps/ (not real/, which capture/capture-loopback.sh
# makes), or, with arguments, runs the mixed-traffic generator for benchmarks:
#   pcaps/generate.sh                                   rewrite pcaps/*.pcap* and pcaps/pcap-variants/
#   pcaps/generate.sh mixed --out /tmp/m.pcap --size 600m [--seed 1] [--concurrency 2000]
#   pcaps/generate.sh mixed --syn-flood 1000000 --out /tmp/synflood.pcap
#   pcaps/generate.sh evasion                           rewrite only pcaps/evasion/ (see pcaps/evasion/README.md)
#   pcaps/generate.sh flood KIND --out /tmp/f.pcap [--count N] [--bomb-size 1g]
#     KIND: syn ooo frag http-headers http-idle ws-deflate gzip-bomb gzip-nested zip-tree zip-chain zip-quine gzip-quine (see FloodPcaps)
# The generator is the test kit in sensor/src/test/java/io/packwatch/testkit (JDK only).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
mvn -q -B -f "$root/pom.xml" -DskipTests test-compile >&2
classes="$root/sensor/target/test-classes"
if [[ "${1:-}" == mixed ]]; then
  shift
  exec java -cp "$classes" io.packwatch.testkit.MixedPcapGenerator "$@"
fi
if [[ "${1:-}" == evasion ]]; then
  exec java -cp "$classes" io.packwatch.testkit.EvasionPcaps "$root/pcaps/evasion"
fi
if [[ "${1:-}" == flood ]]; then
  shift
  exec java -cp "$classes" io.packwatch.testkit.FloodPcaps "$@"
fi
exec java -cp "$classes" io.packwatch.testkit.GeneratePcaps "$root/pcaps"
