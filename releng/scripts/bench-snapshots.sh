#!/bin/sh
# Compiles the snapshot benchmark with javac (no Maven) and runs it with a 2 GB heap:
# writes, reads and compares two synthetic snapshots and prints objects/s and the heap used.
# Usage: releng/scripts/bench-snapshots.sh [objects]   (150000 by default)
# Needs Jackson 2.21.6 and SnakeYAML 2.3 in ~/.m2 (a Maven build of the product puts them there).
set -eu
. "$(dirname "$0")/bench-java.sh"
m2=${MAVEN_REPO:-$HOME/.m2/repository}
jar() { # GROUP-PATH ARTIFACT VERSION-GLOB: the first matching jar, or an error
    found=$(ls "$m2/$1/$2"/$3/"$2"-$3.jar 2>/dev/null | head -n 1)
    [ -n "$found" ] || { echo "bench-snapshots: $2 $3 not found under $m2" >&2; exit 1; }
    printf '%s' "$found"
}
cp=$(jar com/fasterxml/jackson/core jackson-databind 2.21.6):$(jar com/fasterxml/jackson/core jackson-core 2.21.6)
cp=$cp:$(jar com/fasterxml/jackson/core jackson-annotations '2.21*'):$(jar org/yaml snakeyaml 2.3)
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
# Only the core classes the benchmark uses are compiled (found through the source path).
"$JAVA_HOME/bin/javac" --release 21 -nowarn -d "$out/classes" -cp "$cp" -sourcepath bundles/io.kubetriage.core/src \
    bundles/io.kubetriage.core.tests/src/io/kubetriage/core/snapshot/bench/SnapshotBenchmark.java
echo "Java: $JAVA_HOME"
"$JAVA_HOME/bin/java" -Xmx2g -cp "$out/classes:$cp" io.kubetriage.core.snapshot.bench.SnapshotBenchmark "${1:-150000}" "$out/data"
