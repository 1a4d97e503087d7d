# Sourced by the Kubetriage launchers. Finds a Java 21 or newer and sets KUBETRIAGE_JAVA:
# first $JAVA_HOME, then the JDKs and JREs under /usr/lib/jvm (newest first), then java on PATH.

kubetriage_java_major() {
    "$1" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9.]*\).*/\1/p' | head -n 1 \
        | awk -F. '{ print ($1 == 1) ? $2 : $1 }'
}

kubetriage_find_java() {
    KUBETRIAGE_JAVA=
    tried=
    for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} \
            $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -t- -k2 -V -r) \
            $(command -v java 2>/dev/null); do
        [ -x "$candidate" ] || continue
        major=$(kubetriage_java_major "$candidate")
        tried="$tried
  $candidate (Java ${major:-unknown})"
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            KUBETRIAGE_JAVA=$candidate
            # Java 24+ warns on every start about sun.misc.Unsafe, which protobuf and netty use
            KUBETRIAGE_JAVA_OPTS=
            [ "$major" -ge 24 ] && KUBETRIAGE_JAVA_OPTS="--sun-misc-unsafe-memory-access=allow"
            return 0
        fi
    done
    {
        echo "Kubetriage needs Java 21 or newer, and none was found."
        if [ -n "$tried" ]; then echo "Java installations looked at:$tried"; fi
        echo "Install a Java 21+ runtime (for example Temurin 21 or newer, or 'apt-get install openjdk-21-jre'"
        echo "where your distribution offers it) and set JAVA_HOME to it, then start Kubetriage again."
    } >&2
    return 1
}
