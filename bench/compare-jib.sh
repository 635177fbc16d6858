#!/usr/bin/env bash
# Side-by-side of strata-maven-plugin and jib-maven-plugin (jib:buildTar) on the same Maven
# project, examples/java-layers (two modules, jackson-databind, a four-COPY Dockerfile fed by
# strata:context): both read the same base image from a loopback docker-registry (busybox plus a
# 64 MiB layer standing in for a JRE), both write a tar of the image (strata: -o type=docker,
# jib: buildTar), both run `mvn package` kept off the network, each in its own copy of the project
# and with its own caches. Rows: cold (empty caches), unchanged, one class changed. Prints one line
# per row: NAME: strata X ms, jib Y ms, ratio R (strata/jib).
#
# Usage: bench/compare-jib.sh [runs]   (default 3; the median of the runs is printed per row).
# Needs: skopeo, umoci, busybox, docker-registry; jib-maven-plugin 3.5.2 in ~/.m2 (it is
# fetched once online when missing: `mvn dependency:get -Dartifact=com.google.cloud.tools:jib-maven-plugin:3.5.2`).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=${1:-3}
jib=com.google.cloud.tools:jib-maven-plugin:3.5.2
for tool in skopeo umoci busybox docker-registry python3 bc; do
  command -v "$tool" >/dev/null || { echo "$tool not installed" >&2; exit 2; }
done
work="$(mktemp -d /var/tmp/strata-bench-jib.XXXXXX)"
reg_pid=
trap '[ -n "$reg_pid" ] && kill "$reg_pid" 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"

# The plugin under test, from this checkout, installed outside the timings into a repository of
# this run's own (other builds on the machine may install other snapshots into ~/.m2), which
# reads everything else from ~/.m2 in place (Maven 3.9's maven.repo.local.tail).
# Not `mvn -o` (both tools would then refuse to pull the base): a settings file whose only mirror is
# a missing local directory keeps Maven itself off the network instead.
cat > "$work/settings.xml" <<XML
<settings><mirrors><mirror><id>none</id><mirrorOf>*</mirrorOf><url>file://$work/no-repository</url></mirror></mirrors></settings>
XML
mvn=("$here/mvnw" -B -nsu -s "$work/settings.xml" "-Dmaven.repo.local=$work/m2" "-Dmaven.repo.local.tail=$HOME/.m2/repository")
(cd "$here" && "${mvn[@]}" -q install -DskipTests -Dinvoker.skip)
"${mvn[@]}" -q dependency:get -Dartifact=$jib >/dev/null 2>&1 \
  || "$here/mvnw" -q -B dependency:get -Dartifact=$jib >/dev/null  # once, online, into ~/.m2

# The base: busybox and a 64 MiB layer, in a loopback registry.
base="$work/base"
umoci init --layout "$base"; umoci new --image "$base:jre"
umoci unpack --image "$base:jre" "$work/bundle" >/dev/null
mkdir -p "$work/bundle/rootfs/bin" "$work/bundle/rootfs/opt/jre"
cp "$(command -v busybox)" "$work/bundle/rootfs/bin/busybox"
head -c $((64 << 20)) /dev/urandom > "$work/bundle/rootfs/opt/jre/lib.bin"
umoci repack --image "$base:jre" "$work/bundle"
umoci config --image "$base:jre" --architecture amd64 --os linux >/dev/null
reg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/registry.yml" <<YML
version: 0.1
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: 127.0.0.1:$reg_port
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
reg_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$reg_port/v2/" >/dev/null && break; sleep 0.1; done
from="127.0.0.1:$reg_port/base/jre:1"
skopeo copy -q --dest-tls-verify=false "oci:$base:jre" "docker://$from"

project() {  # a fresh copy of the example whose Dockerfile starts FROM the loopback base
  rm -rf "$1"; cp -a "$here/examples/java-layers" "$1"
  sed -i "1s|.*|FROM $from|" "$1/app/Dockerfile"
}
strata_build() {
  (cd "$work/s" && "${mvn[@]}" package -Dstrata.root="$work/strata-root" \
    -Dstrata.outputs=type=docker,dest=target/image.tar && test -s app/target/image.tar)
}
jib_project() {  # the example, with jib:buildTar bound to package in app/pom.xml as a Jib user has it
  project "$1"
  python3 - "$1/app/pom.xml" "$from" <<'PY'
import sys
path, base = sys.argv[1], sys.argv[2]
pom = open(path).read()
jib = f"""      <plugin>
        <groupId>com.google.cloud.tools</groupId>
        <artifactId>jib-maven-plugin</artifactId>
        <version>3.5.2</version>
        <executions><execution><phase>package</phase><goals><goal>buildTar</goal></goals></execution></executions>
        <configuration>
          <from><image>{base}</image></from>
          <to><image>java-layers:bench</image></to>
          <allowInsecureRegistries>true</allowInsecureRegistries>
          <container><mainClass>dev.strata.examples.layers.Main</mainClass></container>
        </configuration>
      </plugin>
    </plugins>"""
open(path, "w").write(pom.replace("    </plugins>", jib, 1))
PY
}
jib_build() {
  (cd "$work/j" && "${mvn[@]}" package -Dstrata.skip \
    -Djib.baseImageCache="$work/jib-base-cache" -Djib.applicationCache="$work/j/app/target/jib-cache" \
    && test -s app/target/jib-image.tar)
}
change_class() {  # a new string literal in Main: its class file (and only it) changes
  sed -i "s|Greeting.to(properties.getProperty(\"name\"))[^;]*;|Greeting.to(properties.getProperty(\"name\")) + \"$(date +%s%N)\";|" \
    "$1/app/src/main/java/dev/strata/examples/layers/Main.java"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
summary() {
  printf '%s: strata %.0f ms, jib %.0f ms, ratio %.2f\n' "$1" "$(echo "$2 * 1000" | bc -l)" \
      "$(echo "$3 * 1000" | bc -l)" "$(echo "$2 / $3" | bc -l)"
}

declare -A s j
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  rm -rf "$work/strata-root" "$work/jib-base-cache"
  project "$work/s"; jib_project "$work/j"
  s[cold]+=" $(timed strata_build)"; j[cold]+=" $(timed jib_build)"
  s[unchanged]+=" $(timed strata_build)"; j[unchanged]+=" $(timed jib_build)"
  change_class "$work/s"; change_class "$work/j"
  s[changed]+=" $(timed strata_build)"; j[changed]+=" $(timed jib_build)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
for row in cold unchanged changed; do
  name=$row; [ "$row" = changed ] && name="one class changed"
  summary "$name" "$(tr ' ' '\n' <<<"${s[$row]}" | grep . | median)" "$(tr ' ' '\n' <<<"${j[$row]}" | grep . | median)"
done
