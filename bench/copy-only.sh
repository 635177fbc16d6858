#!/usr/bin/env bash
# COPY-only build on a large base, cold (issue 12: "a build without RUN never extracts the base").
# Base: `debootstrap --variant=minbase bookworm` (127 MB, one layer) as an OCI layout made with umoci.
# Dockerfile: COPY --chown=name of a 20 MB file, USER, WORKDIR; each run in an empty store.
# Prints the median of RUNS (default 5) cold builds and how many layer directories were extracted.
# Usage: [DEBIAN_ROOTFS=dir] [STRATA=/path/to/strata-or-jar-launcher] [RUNS=5] bench/copy-only.sh
# (root for debootstrap/umoci; reuses DEBIAN_ROOTFS, a root debootstrap made before, if given).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
strata_cmd="${STRATA:-$here/strata}"
runs="${RUNS:-5}"
for tool in umoci bc; do
  command -v "$tool" >/dev/null || { echo "$tool not installed (apt-get install $tool)" >&2; exit 2; }
done
work="/var/tmp/strata-copyonly-$$"; rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"
$strata_cmd --version >/dev/null

if [ -n "${DEBIAN_ROOTFS:-}" ]; then
  cp -a "$DEBIAN_ROOTFS" "$work/rootfs"
else
  command -v debootstrap >/dev/null || { echo "debootstrap not installed" >&2; exit 2; }
  echo "debootstrap --variant=minbase bookworm ..." >&2
  debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1
fi
layout="$work/layout"
umoci init --layout "$layout"
umoci new --image "$layout:bookworm"
umoci unpack --image "$layout:bookworm" "$work/bundle" >/dev/null
rm -rf "$work/bundle/rootfs" && mv "$work/rootfs" "$work/bundle/rootfs"
umoci repack --image "$layout:bookworm" "$work/bundle" >/dev/null
umoci config --image "$layout:bookworm" --architecture amd64 --os linux \
  --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --config.cmd /bin/bash >/dev/null
rm -rf "$work/bundle"

ctx="$work/ctx"; mkdir -p "$ctx"
head -c 20000000 /dev/urandom > "$ctx/app.jar"
cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM base
COPY --chown=nobody:nogroup app.jar /opt/app/app.jar
USER nobody
WORKDIR /opt/app/data
CMD ["/bin/true"]
DOCKERFILE

times=()
for i in $(seq 1 "$runs"); do
  root="$work/store-$i"
  times+=("$(timed $strata_cmd build --root "$root" --progress=plain \
    --build-context "base=oci-layout://$layout:bookworm" -t app:1 "$ctx")")
  extracted=$(find "$root/layers" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  rm -rf "$root"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
printf 'copy-only cold on debian minbase: median %.2fs of %d (%s), layer directories extracted: %d\n' \
  "$median" "$runs" "$(printf '%.2f ' "${times[@]}")" "$extracted"
