# Sourced by run.sh and test.sh: installs the Debian packages that are missing and finds a Java 21+.

KUBETRIAGE_ROOT=$(cd "$(dirname "$0")" && pwd)

# kubetriage_apt_install PACKAGE...: installs those that are not installed yet.
kubetriage_apt_install() {
    missing=
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" -eq 0 ]; then sudo=; elif command -v sudo >/dev/null; then sudo=sudo; else
        echo "Missing Debian packages:$missing. Install them as root: apt-get install -y$missing" >&2
        return 1
    fi
    echo "Installing Debian packages:$missing"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
}

# Java 21+ for Maven/Tycho and the product: the same search the product's launchers do.
. "$KUBETRIAGE_ROOT/features/io.kubetriage.feature/rootfiles/kubetriage-java.sh"
kubetriage_use_java() {
    kubetriage_find_java || return 1
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$KUBETRIAGE_JAVA")")")
    export JAVA_HOME
    echo "Using Java at $JAVA_HOME"
}
