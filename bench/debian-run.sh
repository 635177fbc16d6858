#!/usr/bin/env bash
# RUN on a real Debian root, strata vs buildah side by side (issue 4's real-world check):
#  1. a Debian base made with `debootstrap --variant=minbase bookworm` (needs Debian's mirror),
#     turned into an OCI layout with umoci;
#  2. `RUN apt-get update && apt-get install -y --no-install-recommends curl` then
#     `RUN curl --version`, built by `strata build` and by `buildah build --isolation chroot`;
#  3. RUN overhead: a Dockerfile of 10 `RUN true` steps on that root, cold, per step.
# Prints seconds and the strata/buildah ratio. Usage: [DEBIAN_ROOTFS=dir] bench/debian-run.sh
# (root; ~3 minutes plus debootstrap's ~1.5 unless DEBIAN_ROOTFS names a root it made before).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for tool in debootstrap umoci buildah bc; do
  command -v "$tool" >/dev/null || { echo "$tool not installed (apt-get install $tool)" >&2; exit 2; }
done
# lower case: buildah reads `oci:PATH` as an image name
work="/var/tmp/strata-debian-$$"; rm -rf "$work"; mkdir -p "$work"
trap 'buildah rm --all >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
"$here/strata" --version >/dev/null

# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"
buildah_storage_in_work

# the tests' cached debootstrap root (builder testing/DebianBase), when a slow test made it
fixture="${STRATA_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/strata-test}/debian-bookworm-minbase-rootfs"
if [ -z "${DEBIAN_ROOTFS:-}" ] && [ -d "$fixture/usr/bin" ]; then DEBIAN_ROOTFS="$fixture"; fi
if [ -n "${DEBIAN_ROOTFS:-}" ]; then   # reuse a root made earlier by debootstrap
  cp -a "$DEBIAN_ROOTFS" "$work/rootfs"
else
  echo "debootstrap --variant=minbase bookworm ..." >&2
  debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1
fi
layout="$work/layout"
umoci init --layout "$layout"
umoci new --image "$layout:bookworm"
umoci unpack --image "$layout:bookworm" "$work/bundle" >/dev/null
# Nothing is deleted before the timings (the EXIT trap removes $work): ext4 skips inodes deleted in
# the last ~30 s when it allocates new ones, and a `tar -x` of this root right after deleting a copy
# of it spent ~3/4 of its kernel time in that search: the first build timed (strata's) paid for it.
mv "$work/bundle/rootfs" "$work/unpacked-rootfs" && mv "$work/rootfs" "$work/bundle/rootfs"
umoci repack --image "$layout:bookworm" "$work/bundle" >/dev/null
umoci config --image "$layout:bookworm" --architecture amd64 --os linux \
  --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --config.cmd /bin/bash >/dev/null

ratio() { printf '%-26s strata %7.2fs  buildah %7.2fs  ratio %5.2f\n' "$1" "$2" "$3" "$(echo "$2 / $3" | bc -l)"; }

# Same steps for both; only the FROM line differs (strata takes the layout as a named context).
steps='RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN curl --version'
mkdir -p "$work/s-curl" "$work/b-curl" "$work/s-true" "$work/b-true"
printf 'FROM base\n%s\n' "$steps" > "$work/s-curl/Dockerfile"
printf 'FROM oci:%s:bookworm\n%s\n' "$layout" "$steps" > "$work/b-curl/Dockerfile"
trues=$(for i in $(seq 1 10); do echo "RUN true # step $i"; done)
printf 'FROM base\n%s\n' "$trues" > "$work/s-true/Dockerfile"
printf 'FROM oci:%s:bookworm\n%s\n' "$layout" "$trues" > "$work/b-true/Dockerfile"
printf 'FROM base\n' > "$work/s-true/Dockerfile.empty"
printf 'FROM oci:%s:bookworm\n' "$layout" > "$work/b-true/Dockerfile.empty"

sroot="$work/strata-root"
strata() { "$here/strata" build --root "$sroot" --progress=plain --build-context "base=oci-layout://$layout:bookworm" "$@"; }
buildah_build() { buildah build --isolation chroot --layers "$@"; }

sc=$(timed strata -t curl "$work/s-curl")
grep -q 'curl [0-9]' "$work/last.log" || { echo "strata: curl --version printed nothing" >&2; cat "$work/last.log" >&2; exit 1; }
bc_=$(timed buildah_build -t curl "$work/b-curl")
ratio "apt-get install curl" "$sc" "$bc_"
# The unchanged rebuild: the median of 5 runs each, alternating (one run swung by ~30 ms, more
# than the difference this row is compared with: w1's unchanged rebuild).
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
srs=() brs=()
for _ in 1 2 3 4 5; do
  srs+=("$(timed strata -t curl "$work/s-curl")")
  brs+=("$(timed buildah_build -t curl "$work/b-curl")")
done
ratio "same, unchanged rebuild" "$(printf '%s\n' "${srs[@]}" | median)" "$(printf '%s\n' "${brs[@]}" | median)"

# RUN overhead: (10 x RUN true) - (FROM only), per step. The base is already extracted/pulled.
s0=$(timed strata --no-cache -t e -f "$work/s-true/Dockerfile.empty" "$work/s-true")
s10=$(timed strata --no-cache -t t "$work/s-true")
b0=$(timed buildah_build --no-cache -t e -f "$work/b-true/Dockerfile.empty" "$work/b-true")
b10=$(timed buildah_build --no-cache -t t "$work/b-true")
ratio "RUN true, per step" "$(echo "($s10 - $s0) / 10" | bc -l)" "$(echo "($b10 - $b0) / 10" | bc -l)"
