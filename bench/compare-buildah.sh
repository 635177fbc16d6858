#!/usr/bin/env bash
# Side-by-side build times of `strata build` and `buildah build --isolation chroot --layers`
# on the same Dockerfiles: cold build, unchanged rebuild, one file changed; for a small
# context and for a generated 10k-file / ~200 MB context. Prints seconds and strata/buildah.
#
# Usage: bench/compare-buildah.sh [small|large|all]   (default all). Needs buildah (root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
which=${1:-all}
command -v buildah >/dev/null || { echo "buildah not installed (apt-get install buildah)" >&2; exit 2; }
work="$(mktemp -d /var/tmp/strata-bench.XXXXXX)"
trap 'buildah rm --all >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# Build the CLI jar once, outside the timings.
"$here/strata" --version >/dev/null

# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"
buildah_storage_in_work


small_context() {
  local ctx=$1; mkdir -p "$ctx/app/src" "$ctx/conf"
  for i in $(seq 1 20); do echo "source file $i" > "$ctx/app/src/f$i.txt"; done
  echo "key=value" > "$ctx/conf/app.conf"
  head -c 1048576 /dev/urandom > "$ctx/app/blob.bin"
  cat > "$ctx/Dockerfile" <<'DF'
FROM scratch
ENV APP_HOME=/app
WORKDIR /app
COPY conf/ /etc/app/
COPY app/ /app/
LABEL org.example.bench=small
CMD ["/app/run"]
DF
}

large_context() {
  local ctx=$1; mkdir -p "$ctx/data"
  # 10,000 files of 20 KiB in 100 directories: ~200 MB.
  for d in $(seq 1 100); do
    mkdir -p "$ctx/data/d$d"
    head -c $((100 * 20480)) /dev/urandom | split -b 20480 -d -a 3 - "$ctx/data/d$d/f"
  done
  echo "changing" > "$ctx/data/d1/changeme.txt"
  cat > "$ctx/Dockerfile" <<'DF'
FROM scratch
COPY data/ /data/
LABEL org.example.bench=large
DF
}

change_one_file() { echo "changed $(date +%s%N)" >> "$1"; }

# One line per row, for scripts and bench/README.md: NAME: strata X ms, buildah Y ms, ratio R
summary() {
  printf '%s: strata %.0f ms, buildah %.0f ms, ratio %.2f\n' "$1" "$(echo "$2 * 1000" | bc -l)" \
      "$(echo "$3 * 1000" | bc -l)" "$(echo "$2 / $3" | bc -l)"
}

run_case() {
  local name=$1 ctx=$2 changed=$3
  local sroot="$work/strata-root-$name"
  local sc sr s1 bc br b1
  sc=$(timed "$here/strata" build --root "$sroot" --progress=quiet -t "bench-$name" "$ctx")
  bc=$(timed buildah build --isolation chroot --layers -t "bench-$name" "$ctx")
  sr=$(timed "$here/strata" build --root "$sroot" --progress=quiet -t "bench-$name" "$ctx")
  br=$(timed buildah build --isolation chroot --layers -t "bench-$name" "$ctx")
  change_one_file "$ctx/$changed"
  s1=$(timed "$here/strata" build --root "$sroot" --progress=quiet -t "bench-$name" "$ctx")
  b1=$(timed buildah build --isolation chroot --layers -t "bench-$name" "$ctx")
  summary "$name cold" "$sc" "$bc"
  summary "$name unchanged rebuild" "$sr" "$br"
  summary "$name one file changed" "$s1" "$b1"
}

if [ "$which" = small ] || [ "$which" = all ]; then
  small_context "$work/small"; run_case small "$work/small" app/src/f7.txt
fi
if [ "$which" = large ] || [ "$which" = all ]; then
  large_context "$work/large"; run_case large "$work/large" data/d1/changeme.txt
fi
