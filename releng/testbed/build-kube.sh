#!/bin/sh
# Builds kube-apiserver, kube-controller-manager and kube-scheduler from Debian's `kubernetes`
# source package (1.20, vendored, builds offline with Debian's Go) into a cache outside the
# repository, once. Prints the folder holding the binaries. About 20-25 minutes on 2 cores; a
# second run only checks the cache.
#
#   KUBETRIAGE_TESTBED_CACHE   where the binaries are kept (default ~/.cache/kubetriage/testbed)
set -eu
cache=${KUBETRIAGE_TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubetriage/testbed}
bin="$cache/bin"
wanted="kube-apiserver kube-controller-manager kube-scheduler"
missing=
for b in $wanted; do [ -x "$bin/$b" ] || missing="$missing $b"; done
if [ -z "$missing" ]; then echo "$bin"; exit 0; fi

sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
need=
for p in golang-go rsync dpkg-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
[ -n "$need" ] && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $need >&2

# deb-src through a private apt configuration: the machine's own sources stay untouched.
src="$cache/src"; apt="$cache/apt"
mkdir -p "$src" "$apt/sources.list.d" "$apt/lists/partial" "$bin"
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$apt/sources.list.d/debian-src.sources"
elif [ -f /etc/apt/sources.list ]; then
    sed -n 's/^deb \(.*\)$/deb-src \1/p' /etc/apt/sources.list > "$apt/sources.list.d/debian-src.list"
else
    echo "no Debian package sources found in /etc/apt to fetch the kubernetes source package from" >&2
    exit 1
fi
opts="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$apt/sources.list.d -o Dir::State::Lists=$apt/lists"
# shellcheck disable=SC2086
apt-get $opts update -qq >&2
tree=$(ls -d "$src"/kubernetes-*/ 2>/dev/null | head -n 1 || true)
if [ -z "$tree" ]; then
    # shellcheck disable=SC2086
    (cd "$src" && apt-get $opts source -qq --download-only kubernetes >&2 && dpkg-source -x ./*.dsc >&2)
    tree=$(ls -d "$src"/kubernetes-*/ | head -n 1)
fi
echo "building$missing in $tree (this takes a while)" >&2
for b in $missing; do
    (cd "$tree" && GOPROXY=off GOFLAGS=-mod=vendor GO111MODULE=on make WHAT="cmd/$b" >&2)
    cp "$tree/_output/bin/$b" "$bin/$b" 2>/dev/null || cp "$(find "$tree/_output" -name "$b" -type f | head -n 1)" "$bin/$b"
done
echo "$bin"
