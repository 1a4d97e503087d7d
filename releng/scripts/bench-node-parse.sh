#!/usr/bin/env bash
# Times the node data parsers against plain line reading (not part of CI):
# generates a 1M-line kube-proxy iptables-save dump and a 100k-service ipvsadm -Ln dump into a
# temporary folder, then prints lines/s for BufferedReader.readLine and for parsing, and the ratio, by the
# wall clock and by the CPU time of the measuring thread (steadier on a busy machine)
# (goal: parsing at no less than 50% of line-reading speed).
#
# Compiles the core's node packages and the benchmark with javac into a temporary folder, using
# Jackson and SnakeYAML from the local Maven repository (~/.m2). Usage:
#   releng/scripts/bench-node-parse.sh [HEAP]      (HEAP defaults to 4g)
set -euo pipefail

. "$(dirname "$0")/bench-java.sh"
repo="$root"
java_home="$JAVA_HOME"
m2="${M2_REPO:-$HOME/.m2/repository}"
heap="${1:-4g}"

cp="$m2/com/fasterxml/jackson/core/jackson-core/2.21.6/jackson-core-2.21.6.jar"
cp="$cp:$m2/com/fasterxml/jackson/core/jackson-databind/2.21.6/jackson-databind-2.21.6.jar"
cp="$cp:$(ls "$m2"/com/fasterxml/jackson/core/jackson-annotations/2.21*/jackson-annotations-2.21*.jar | head -1)"
cp="$cp:$m2/org/yaml/snakeyaml/2.3/snakeyaml-2.3.jar"

work="$(mktemp -d -t kubetriage-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

core="$repo/bundles/io.kubetriage.core/src/io/kubetriage/core"
mkdir -p "$work/classes" "$work/data"
"$java_home/bin/javac" --release 21 -nowarn -cp "$cp" -d "$work/classes" \
    "$core"/node/*.java \
    $(find "$core/node/netfilter" "$core/node/cni" "$core/node/ipaddr" "$core/node/routing" "$core/kubeconfig" -name '*.java') \
    "$repo/bundles/io.kubetriage.core.tests/src/io/kubetriage/core/node/bench/NodeParseBenchmark.java"
"$java_home/bin/java" -Xms"$heap" -Xmx"$heap" -cp "$work/classes:$cp" io.kubetriage.core.node.bench.NodeParseBenchmark "$work/data"
