# Sourced by the benchmark scripts: goes to the repository's root (sets $root) and finds the
# Java 21+ the product's launchers use (sets and exports $JAVA_HOME).
cd "$(dirname "$0")/../.."
root=$(pwd)
. "$root/features/io.kubetriage.feature/rootfiles/kubetriage-java.sh"
kubetriage_find_java
JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$KUBETRIAGE_JAVA")")")
export JAVA_HOME
