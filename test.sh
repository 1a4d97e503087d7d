#!/bin/sh
# Runs every test: installs what the tests need (etcd, Xvfb, GTK), finds a Java 21+, starts a
# private Xvfb for the UI tests when no display is set, and runs the Maven build with all tests.
# Extra arguments go to Maven (e.g. -o for offline, -pl MODULE -am).
set -eu
cd "$(dirname "$0")"
. releng/scripts/setup.sh
kubetriage_apt_install libgtk-3-0 xvfb xauth etcd-server etcd-client openssl iptables iproute2
kubetriage_use_java
xvfb_pid=
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
if [ -z "${DISPLAY:-}" ]; then
    for n in $(seq 90 140); do
        [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] && continue
        Xvfb ":$n" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
        xvfb_pid=$!
        sleep 1
        if kill -0 "$xvfb_pid" 2>/dev/null; then export DISPLAY=":$n"; break; fi
        xvfb_pid=
    done
    [ -n "${DISPLAY:-}" ] || { echo "Could not start Xvfb for the UI tests" >&2; exit 1; }
    echo "UI tests use Xvfb on $DISPLAY"
fi
# The real test bed's kube-apiserver and kube-controller-manager, built once from Debian's source
# into a cache outside the repository (about 25 minutes the first time)
releng/testbed/build-kube.sh >/dev/null
./mvnw -B clean verify "$@"
# the shipped command-line launcher, end to end
releng/scripts/cli-smoke.sh
