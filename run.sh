#!/bin/sh
# Sets up, builds and starts Kubetriage. Installs the Debian packages the workbench needs, finds a
# Java 21+, builds with the Maven wrapper (tests skipped: ./test.sh runs them) and starts the product.
# Extra arguments go to the workbench. KUBETRIAGE_SKIP_BUILD=1 starts the last build.
set -eu
cd "$(dirname "$0")"
. releng/scripts/setup.sh
kubetriage_apt_install libgtk-3-0
kubetriage_use_java
product=product/target/products/kubetriage/linux/gtk/x86_64/kubetriage
if [ "${KUBETRIAGE_SKIP_BUILD:-0}" != 1 ] || [ ! -x "$product/kubetriage" ]; then
    ./mvnw -B -q -DskipTests verify
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "Built $product. No display to show the workbench on: run this from a desktop session," >&2
    echo "or under Xvfb: xvfb-run -a $product/kubetriage" >&2
    exit 1
fi
exec "$product/kubetriage" "$@"
