#!/bin/sh
# Compiles the etcd key reader and its benchmark with javac (no Maven) and runs it with a 2 GB
# heap: loads 100,000 keys of 1.5 KB under /registry/bench/ (transactions of 100 puts, 32 in
# flight), then times `etcdctl get --prefix /registry -w json > /dev/null` and
# EtcdKeyReader.readKeys with values, alternating, and prints both and their ratio.
# Usage: releng/scripts/bench-etcd-keys.sh [--endpoint URL] [--keys N] [--value-bytes B] [--rounds R]
#   Without --endpoint a throw-away etcd (/usr/bin/etcd) is started on free loopback ports; with
#   one, keys are loaded only when /registry/bench/ holds fewer than N, and are left there.
# Needs /usr/bin/etcdctl, and the jars of libs/io.kubetriage.lib, Jackson 2.21.6, SnakeYAML 2.3,
# Equinox and the JUnit console in ~/.m2 (a Maven build of the product puts them there). The class
# path of libs/io.kubetriage.lib comes from `mvnw dependency:build-classpath`, or from the file
# named by $KUBETRIAGE_LIB_CLASSPATH_FILE.
set -eu
. "$(dirname "$0")/bench-java.sh"
m2=${MAVEN_REPO:-$HOME/.m2/repository}
jar() { # GROUP-PATH ARTIFACT VERSION-GLOB: the first matching jar, or an error
    found=$(ls "$m2/$1/$2"/$3/"$2"-$3.jar 2>/dev/null | head -n 1)
    [ -n "$found" ] || { echo "bench-etcd-keys: $2 $3 not found under $m2" >&2; exit 1; }
    printf '%s' "$found"
}
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
if [ -n "${KUBETRIAGE_LIB_CLASSPATH_FILE:-}" ]; then
    cp "$KUBETRIAGE_LIB_CLASSPATH_FILE" "$out/lib-cp.txt"
else
    (cd libs/io.kubetriage.lib && "$root/mvnw" -q dependency:build-classpath -Dmdep.outputFile="$out/lib-cp.txt") \
        || { echo "bench-etcd-keys: cannot resolve the jars of libs/io.kubetriage.lib;" \
                  "give a file with their class path in KUBETRIAGE_LIB_CLASSPATH_FILE" >&2; exit 1; }
fi
cp=$(jar com/fasterxml/jackson/core jackson-databind 2.21.6):$(jar com/fasterxml/jackson/core jackson-core 2.21.6)
cp=$cp:$(jar com/fasterxml/jackson/core jackson-annotations '2.21*'):$(jar org/yaml snakeyaml 2.3)
cp=$cp:$(jar org/eclipse/platform org.eclipse.equinox.common 3.20.300):$(jar org/eclipse/platform org.eclipse.osgi 3.24.300)
cp=$cp:$(jar org/junit/platform junit-platform-console-standalone 1.14.4):$(cat "$out/lib-cp.txt")
# Only the classes the benchmark uses are compiled (found through the source path).
"$JAVA_HOME/bin/javac" --release 21 -nowarn -d "$out/classes" -cp "$cp" \
    -sourcepath bundles/io.kubetriage.core/src:bundles/io.kubetriage.connector.etcd/src:bundles/io.kubetriage.test.support/src \
    bundles/io.kubetriage.connector.tests/src/io/kubetriage/connector/etcd/keys/bench/EtcdKeyReadBenchmark.java
echo "Java: $JAVA_HOME"
"$JAVA_HOME/bin/java" -Xmx2g -Djava.util.logging.config.file=/dev/null -cp "$out/classes:$cp" \
    io.kubetriage.connector.etcd.keys.bench.EtcdKeyReadBenchmark "$@"
