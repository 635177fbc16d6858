#!/usr/bin/env bash
# Parse throughput of the Dockerfile grammar on a generated Dockerfile (default 20,000 lines).
# Usage: bench/parse-throughput.sh [lines] [write-generated-dockerfile-to]
# Measured 2026-11-29 on the shared 2-core dev machine (load average ~15 from other builds):
# 20,000 lines / 6,000 instructions: parse thread CPU time ~29 ms per parse (~680k lines/s,
# ~20 MB/s); wall time best 30-60 ms, mean ~200 ms because of the load.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
./mvnw -q -B -DskipTests -pl grammar package
cpfile="$(mktemp)"
trap 'rm -f "$cpfile"' EXIT
./mvnw -q -B -pl grammar dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=runtime
exec java -cp "grammar/target/classes:$(cat "$cpfile")" bench/ParseBench.java "$@"
