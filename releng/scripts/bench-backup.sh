#!/bin/sh
# Compiles the etcd backup reader and its benchmark with javac (no Maven) and runs it with a
# 512 MB heap: scans every revision of a large backup with a warm page cache and prints MB/s next
# to a plain sequential read of the same file.
# Usage: releng/scripts/bench-backup.sh [BACKUP_FILE]
#   Without an argument it uses $KUBETRIAGE_BENCH_BACKUP (default /tmp/kubetriage-bench-backup.db),
#   first generating it if it does not exist: a throw-away etcd (/usr/bin/etcd, etcdctl) gets
#   $KUBETRIAGE_BENCH_KEYS keys (default 600000) of 1.5 KB, about 1 GB, then `etcdctl snapshot save`.
set -eu
. "$(dirname "$0")/bench-java.sh"
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
# The backup reader needs only the JDK; the rest of core is not compiled.
"$JAVA_HOME/bin/javac" --release 21 -nowarn -d "$out/classes" \
    bundles/io.kubetriage.core/src/io/kubetriage/core/etcd/backup/*.java \
    bundles/io.kubetriage.core.tests/src/io/kubetriage/core/etcd/backup/bench/BackupScanBenchmark.java
echo "Java: $JAVA_HOME"
main=io.kubetriage.core.etcd.backup.bench.BackupScanBenchmark
if [ $# -ge 1 ]; then
    "$JAVA_HOME/bin/java" -Xmx512m -cp "$out/classes" $main "$1"
    exit
fi
file=${KUBETRIAGE_BENCH_BACKUP:-/tmp/kubetriage-bench-backup.db}
if [ -f "$file" ]; then
    "$JAVA_HOME/bin/java" -Xmx512m -cp "$out/classes" $main "$file"
else
    "$JAVA_HOME/bin/java" -Xmx512m -cp "$out/classes" $main --generate "$file" "${KUBETRIAGE_BENCH_KEYS:-600000}"
fi
