#!/usr/bin/env bash
# Peak memory (max RSS from /usr/bin/time -v) of `strata build` for two contexts:
#   - 100,000 small files in 100 directories, COPY . /ctx/   (issue 11: must stay <= 512 MB)
#   - one 2 GiB file (random-ish, half compressible), COPY    (must stay <= 300 MB), into the
#     store (tar) and exported as an OCI archive (gzip)
# Each build runs twice: cold (empty store) and again with the stat cache warm.
# Usage: bench/context-memory.sh [files] [big-file-MiB]
# Runs ./strata (the launcher users run, with its JVM options); STRATA_JAVA_OPTS is passed on.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files="${1:-100000}"
big_mib="${2:-2048}"
work="$(mktemp -d "${TMPDIR:-/tmp}/strata-mem.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$here/strata" --version >/dev/null   # builds the jar (and its CDS archive) outside the measurement

mkdir -p "$work/many" "$work/big"
python3 - "$work/many" "$files" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, "d%03d" % (i // 1000))
    if i % 1000 == 0:
        os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%06d.txt" % i), "w") as f:
        f.write("file %d\n" % i)
PY
printf 'FROM scratch\nCOPY . /ctx/\n' > "$work/many/Dockerfile"
# half random, half zeros: compression has real work to do
head -c $((big_mib * 1024 * 1024 / 2)) /dev/urandom > "$work/big/blob"
head -c $((big_mib * 1024 * 1024 / 2)) /dev/zero >> "$work/big/blob"
printf 'FROM scratch\nCOPY blob /blob\n' > "$work/big/Dockerfile"

peak() { # name context [build options]: prints "name: max RSS MB, wall s"
  local name="$1" ctx="$2" log="$work/time.log"
  shift 2
  /usr/bin/time -v "$here/strata" build --root "$work/store" --progress=quiet -t "mem-${name,,}" "$@" "$ctx" \
      >"$work/out.log" 2>"$log" || { cat "$work/out.log" "$log" >&2; exit 1; }
  awk -v n="$name" '/Maximum resident set size/ {rss=$6} /Elapsed \(wall clock\)/ {wall=$8}
      END {printf "%-22s max RSS %6.0f MB   wall %s\n", n, rss/1024, wall}' "$log"
}

peak "files-$files-cold" "$work/many"
peak "files-$files-warm" "$work/many"
rm -rf "$work/store"
peak "one-${big_mib}MiB-cold" "$work/big"
# the store keeps tar; an OCI export compresses the layer (once): that is where gzip's memory goes now
rm -rf "$work/store"
peak "one-${big_mib}MiB-oci" "$work/big" -o "type=oci,dest=$work/big.tar"
