#!/bin/sh
# Times the Node Networking view with many rows (not part of CI): runs
# bundles/io.kubetriage.ui.tests/src/io/kubetriage/ui/tests/NodeViewBenchmark.java in the workbench
# under a private Xvfb and prints its figures: open to IPVS rows shown, scroll to the last row,
# iptables tab, filters, KUBE-SERVICES -> KUBE-SVC -> KUBE-SEP navigation, heap used, and the
# load job's parts timed headless.
#
# The benchmark only runs through Tycho, so this builds the reactor (without the product) with
# -Dtest=NodeViewBenchmark, in a copy of the tree so that the repository's target/ folders are left
# alone (KUBETRIAGE_BENCH_BUILD names a folder to keep and reuse; by default a temporary one).
# Usage: releng/scripts/bench-node-view.sh [ROWS,...]   (virtual services; 1000,100000 by default)
# Extra Maven arguments can follow the sizes, e.g. -o for offline.
set -eu
. "$(dirname "$0")/bench-java.sh"
rows=${1:-1000,100000}
[ $# -gt 0 ] && shift
work=$(mktemp -d -t kubetriage-bench-view.XXXXXX)
build=${KUBETRIAGE_BENCH_BUILD:-$work/build}
xvfb_pid=
cleanup() {
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# a display of its own: Xvfb picks a free number and writes it to fd 3
Xvfb -displayfd 3 -screen 0 1600x1200x24 -nolisten tcp 3>"$work/display" >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do
    [ -s "$work/display" ] && break
    sleep 0.2
done
[ -s "$work/display" ] || { echo "bench-node-view: Xvfb did not start" >&2; exit 1; }
display=":$(head -n 1 "$work/display")"

mkdir -p "$build"
rsync -a --delete --exclude target --exclude .git "$root/" "$build/"
echo "Java: $JAVA_HOME; Xvfb on $display; building in $build (a few minutes)..."
if ! (cd "$build" && DISPLAY=$display KUBETRIAGE_BENCH_ROWS=$rows KUBETRIAGE_BENCH_OUT=$work/figures.txt \
        ./mvnw -q -B verify -pl '!product' -Dtest=NodeViewBenchmark -DfailIfNoTests=false \
        -Dsurefire.failIfNoSpecifiedTests=false "$@") >"$work/maven.log" 2>&1; then
    tail -n 60 "$work/maven.log" >&2
    echo "bench-node-view: the build or the benchmark failed" >&2
    exit 1
fi
cat "$work/figures.txt"
