# Shared by the bench scripts (sourced): buildah storage in a temp dir, and timing.
# Needs $work (the script's temp dir, removed by its EXIT trap).

# Points buildah at overlay storage under $work, so benchmarks never touch the host's images.
buildah_storage_in_work() {
  mkdir -p "$work/buildah/root" "$work/buildah/run"
  cat > "$work/buildah/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$work/buildah/root"
runroot = "$work/buildah/run"
CONF
  export CONTAINERS_STORAGE_CONF="$work/buildah/storage.conf"
}

now() { date +%s.%N; }

# Runs "$@", prints its wall-clock seconds; its output goes to $work/last.log, shown if it fails.
timed() {
  local t0 t1
  t0=$(now)
  "$@" >"$work/last.log" 2>&1 || { echo "FAILED: $*" >&2; cat "$work/last.log" >&2; exit 1; }
  t1=$(now)
  echo "$t1 - $t0" | bc
}
