#!/usr/bin/env bash
# JMH benchmark of the layer writer (bench/jmh: tar + digests + compression + fsync into a store)
# on a generated directory, next to command-line tools on the same files: tar alone, sha256sum,
# gzip -6, pigz -6 (all cores), pigz -1, zstd -3 -T0. Prints one line per row with MB/s of tar.
#
# Usage: bench/layer-writer.sh [MiB]   (default 64; half random, half text-like, 20 KiB files)
# Needs Maven Central for JMH (1.37) on the first run; pigz is used when installed. `./mvnw verify`
# never builds bench/jmh: it is a module of the `bench` profile only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mib=${1:-64}
work="$(mktemp -d /var/tmp/strata-jmh.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# Half incompressible (random), half compressible text, as a typical application layer.
mkdir -p "$work/data"
python3 - "$work/data" "$mib" <<'PY'
import os, random, sys
out, mib = sys.argv[1], int(sys.argv[2])
rnd = random.Random(12)
words = [("w%d" % i).encode() for i in range(2000)]
n = mib * 1024 * 1024 // 20480
for i in range(n):
    d = os.path.join(out, "d%02d" % (i % 50))
    os.makedirs(d, exist_ok=True)
    if i % 2 == 0:
        data = rnd.randbytes(20480)
    else:
        line = b""
        while len(line) < 20480:
            line += b" ".join(rnd.choice(words) for _ in range(12)) + b"\n"
        data = line[:20480]
    with open(os.path.join(d, "f%05d" % i), "wb") as f:
        f.write(data)
PY

cd "$here"
# The bench profile adds bench/jmh to the reactor, so it uses this checkout's builder, not ~/.m2's.
./mvnw -q -B -P bench -DskipTests -Dmaven.test.skip=true -pl bench/jmh -am package dependency:build-classpath \
    -Dmdep.outputFile="$work/cp.txt" >/dev/null
java -cp "bench/jmh/target/classes:$(cat "$work/cp.txt")" org.openjdk.jmh.Main LayerWriterBench \
    -p data="$work/data" -rf json -rff "$work/jmh.json" | grep -E '^(Benchmark|LayerWriterBench)'

tar -C "$work" --sort=name -cf "$work/data.tar" data
bytes=$(stat -c %s "$work/data.tar")
mbs() { python3 -c "import sys; print('%.0f' % ($bytes / 1e6 / float(sys.argv[1])))" "$1"; }
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
echo "tar of $((bytes / 1024 / 1024)) MiB; MB/s of tar input (higher is better):"
python3 - "$work/jmh.json" "$bytes" <<'PY'
import json, sys
runs, size = json.load(open(sys.argv[1])), int(sys.argv[2])
for r in runs:
    if r["benchmark"].endswith("compressStored") and r["params"]["compression"] == "NONE":
        continue  # nothing to compress
    name = r["benchmark"].rsplit(".", 1)[1] + " " + r["params"]["compression"]
    ms = r["primaryMetric"]["score"]
    print("jmh %-22s %6.0f MB/s (%.0f ms)" % (name + ":", size / 1e6 / (ms / 1e3), ms))
PY
row() { local name=$1; shift; local s; s=$(secs bash -c "$*"); printf '%-26s %6s MB/s (%.0f ms)\n' "$name:" "$(mbs "$s")" "$(echo "$s * 1000" | bc)"; }
row "tar -c (page cache)" "tar -C '$work' --sort=name -cf - data | cat >/dev/null"
row "sha256sum" "sha256sum '$work/data.tar'"
row "gzip -6" "gzip -6 -c '$work/data.tar'"
if command -v pigz >/dev/null; then
  row "pigz -6 ($(nproc) threads)" "pigz -6 -c '$work/data.tar'"
  row "pigz -1 ($(nproc) threads)" "pigz -1 -c '$work/data.tar'"
fi
row "zstd -3 -T0" "zstd -3 -T0 -c '$work/data.tar'"
row "zstd -3 (1 thread)" "zstd -3 -c '$work/data.tar'"
