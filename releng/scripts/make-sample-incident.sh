#!/bin/sh
# Regenerates the built-in sample incident: runs SampleIncidentGenerator (bundle
# io.kubetriage.connector.tests) on the real test bed, which plays the founding incident (day-0
# etcd backup, three days of changes, restore under the running API server) and writes the
# before/after snapshots with the node data of bundles/io.kubetriage.sample/sample-src attached,
# then copies them into bundles/io.kubetriage.sample/sample/ (or the folder given as $1).
#
# Needs the test bed binaries (releng/testbed/build-kube.sh) and etcd (apt-get install etcd-server
# etcd-client). Takes about two minutes on top of the build.
#
# usage: releng/scripts/make-sample-incident.sh [TARGET-DIR]
set -eu
cd "$(dirname "$0")/../.."
repo=$(pwd)
target=${1:-$repo/bundles/io.kubetriage.sample/sample}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
modules=releng/io.kubetriage.target,libs/io.kubetriage.lib,libs/io.kubetriage.lib.mockserver
for b in core connector.kube connector.etcd test.support diagnosis phase.rollback connector.tests; do
    modules=$modules,bundles/io.kubetriage.$b
done
KUBETRIAGE_SAMPLE_OUT=$out KUBETRIAGE_SAMPLE_SRC=$repo/bundles/io.kubetriage.sample/sample-src \
    ./mvnw -o -B verify -pl "$modules" -Dtest=SampleIncidentGenerator -Dsurefire.failIfNoSpecifiedTests=false \
    "-Dtycho.testArgLine=-Dkubetriage.sample.out=$out -Dkubetriage.sample.src=$repo/bundles/io.kubetriage.sample/sample-src"
for f in before.ktsnap after.ktsnap; do
    [ -s "$out/$f" ] || { echo "make-sample-incident: $f was not generated (see the test output above)" >&2; exit 1; }
done
mkdir -p "$target"
cp "$out/before.ktsnap" "$out/after.ktsnap" "$target/"
chmod 644 "$target/before.ktsnap" "$target/after.ktsnap"
echo "make-sample-incident: wrote $target/before.ktsnap and $target/after.ktsnap"
