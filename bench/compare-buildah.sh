#!/usr/bin/env bash
# Side-by-side build times of `strata build` and `buildah build --isolation chroot --layers`
# on the same Dockerfiles: cold build, unchanged rebuild, one file changed; for a small
# context and for a generated 10k-file / ~200 MB context; then a cold build + push to a loopback
# docker-registry (when installed). Prints one line per row: strata ms, buildah ms, strata/buildah.
#
# w1 is issue 12's first workload: a busybox base (made here from busybox-static, an OCI layout
# both tools read), ENV/WORKDIR/COPY of 3 small files/RUN/CMD.
#
# Usage: [RUNS=N] bench/compare-buildah.sh [small|large|w1|all]   (default all; rows are medians of
# N runs, default 5). Needs buildah (root); w1 also needs
# busybox-static and umoci.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
which=${1:-all}
runs=${RUNS:-5}
command -v buildah >/dev/null || { echo "buildah not installed (apt-get install buildah)" >&2; exit 2; }
work="$(mktemp -d /var/tmp/strata-bench.XXXXXX)"
trap 'buildah rm --all >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# Build the CLI jar and train its class archives (the local one, and the registry one the push
# rows use) once, outside the timings.
"$here/strata" --version >/dev/null
"$here/strata" push --help >/dev/null

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

# A busybox base as an OCI layout ($1/layout:bb) and a context using it: strata names the layout
# as a build context, buildah reads it with FROM oci: (Dockerfile.buildah).
w1_context() {
  local dir=$1 ctx=$1/ctx
  mkdir -p "$dir/bundle/rootfs/bin" "$ctx"
  cp /bin/busybox "$dir/bundle/rootfs/bin/busybox"
  ln -s busybox "$dir/bundle/rootfs/bin/sh"
  umoci init --layout "$dir/layout" >/dev/null
  umoci new --image "$dir/layout:bb" >/dev/null
  umoci unpack --image "$dir/layout:bb" "$dir/unpacked" >/dev/null 2>&1
  rm -rf "$dir/unpacked/rootfs" && mv "$dir/bundle/rootfs" "$dir/unpacked/rootfs"
  umoci repack --image "$dir/layout:bb" "$dir/unpacked" >/dev/null
  umoci config --image "$dir/layout:bb" --architecture amd64 --os linux --config.env PATH=/bin >/dev/null
  for i in 1 2 3; do echo "file $i" > "$ctx/f$i.txt"; done
  printf 'FROM base\nENV APP=/app\nWORKDIR /app\nCOPY f1.txt f2.txt f3.txt ./\nRUN echo built > /app/built.txt\nCMD ["/bin/sh"]\n' > "$ctx/Dockerfile"
  sed "s#^FROM base#FROM oci:$dir/layout:bb#" "$ctx/Dockerfile" > "$ctx/Dockerfile.buildah"
}

change_one_file() { echo "changed $(date +%s%N)" >> "$1"; }

# One line per row, for scripts and bench/README.md: NAME: strata X ms, buildah Y ms, ratio R
summary() {
  printf '%s: strata %.0f ms, buildah %.0f ms, ratio %.2f\n' "$1" "$(echo "$2 * 1000" | bc -l)" \
      "$(echo "$3 * 1000" | bc -l)" "$(echo "$2 / $3" | bc -l)"
}

# The median of the numbers on standard input.
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# run_case NAME CONTEXT CHANGED-FILE [strata and buildah options, separated by --]
# Each row is the median of $RUNS runs (default 5), the two tools alternating: a cold build into
# an empty store (buildah's images removed first), an unchanged rebuild, a rebuild after one file
# of the context changed.
run_case() {
  local name=$1 ctx=$2 changed=$3
  shift 3
  local sopts=() bopts=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do sopts+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  bopts=("$@")
  local sroot="$work/strata-root-$name" i
  local sc=() sr=() s1=() bc=() br=() b1=()
  strata_build() { timed "$here/strata" build --root "$sroot" --progress=quiet ${sopts[@]+"${sopts[@]}"} -t "bench-$name" "$ctx"; }
  buildah_build() { timed buildah build --isolation chroot --layers ${bopts[@]+"${bopts[@]}"} -t "bench-$name" "$ctx"; }
  for i in $(seq "$runs"); do
    rm -rf "$sroot"
    buildah rmi --all --force >/dev/null 2>&1 || true
    sc+=("$(strata_build)"); bc+=("$(buildah_build)")
  done
  for i in $(seq "$runs"); do
    sr+=("$(strata_build)"); br+=("$(buildah_build)")
  done
  for i in $(seq "$runs"); do
    change_one_file "$ctx/$changed"
    s1+=("$(strata_build)"); b1+=("$(buildah_build)")
  done
  summary "$name cold" "$(printf '%s\n' "${sc[@]}" | median)" "$(printf '%s\n' "${bc[@]}" | median)"
  summary "$name unchanged rebuild" "$(printf '%s\n' "${sr[@]}" | median)" "$(printf '%s\n' "${br[@]}" | median)"
  summary "$name one file changed" "$(printf '%s\n' "${s1[@]}" | median)" "$(printf '%s\n' "${b1[@]}" | median)"
}

# A docker-registry on a free loopback port (plain HTTP, which both tools allow for loopback).
start_registry() {
  reg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  cat > "$work/registry.yml" <<CONF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $work/registry-data
http:
  addr: 127.0.0.1:$reg_port
CONF
  /usr/bin/docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
  reg_pid=$!
  trap 'kill "$reg_pid" 2>/dev/null || true; buildah rm --all >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$reg_port") 2>/dev/null && return 0; sleep 0.1; done
  echo "docker-registry did not start" >&2; cat "$work/registry.log" >&2; exit 1
}

# Cold build + push to the (empty for that name) registry: `strata build --push` into an empty
# store against `buildah build && buildah push` with buildah's images removed first; the median of
# $RUNS runs, each to a new repository.
run_push() {
  local name=$1 ctx=$2 i sp=() bp=()
  for i in $(seq "$runs"); do
    rm -rf "$work/strata-push-$name"
    buildah rmi --all --force >/dev/null 2>&1 || true
    sp+=("$(timed "$here/strata" build --root "$work/strata-push-$name" --progress=quiet --push \
        -t "127.0.0.1:$reg_port/strata-$name-$i:1" "$ctx")")
    bp+=("$(timed bash -c "buildah build --isolation chroot --layers -t bench-push-$name '$ctx' \
        && buildah push --tls-verify=false bench-push-$name docker://127.0.0.1:$reg_port/buildah-$name-$i:1")")
  done
  summary "$name cold build + push" "$(printf '%s\n' "${sp[@]}" | median)" "$(printf '%s\n' "${bp[@]}" | median)"
}

command -v docker-registry >/dev/null && start_registry
if [ "$which" = small ] || [ "$which" = all ]; then
  small_context "$work/small"; run_case small "$work/small" app/src/f7.txt
  [ -n "${reg_port:-}" ] && run_push small "$work/small"
fi
if [ "$which" = w1 ] || [ "$which" = all ]; then
  # buildah reads oci:PATH as an image name, which must be lower case (mktemp's name is not)
  w1dir="/var/tmp/strata-bench-w1-$$"
  ln -s "$work/w1" "$w1dir"
  mkdir -p "$work/w1"
  w1_context "$w1dir"
  run_case w1 "$w1dir/ctx" f2.txt --build-context "base=oci-layout://$w1dir/layout:bb" -- -f "$w1dir/ctx/Dockerfile.buildah"
  rm -f "$w1dir"
fi
if [ "$which" = large ] || [ "$which" = all ]; then
  large_context "$work/large"; run_case large "$work/large" data/d1/changeme.txt
  [ -n "${reg_port:-}" ] && run_push large "$work/large"
fi
