#!/bin/sh
# Runs the built product's kubetriage-cli launcher (shell script, launcher jar, Equinox
# application) and checks its exit codes and output. Prints "cli-smoke: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
cli=product/target/products/kubetriage/linux/gtk/x86_64/kubetriage/kubetriage-cli
passed=0 failed=0
check() { # NAME EXPECTED-EXIT PATTERN COMMAND...
    name=$1 expected=$2 pattern=$3; shift 3
    out=$("$@" 2>&1); code=$?
    if [ "$code" -eq "$expected" ] && printf '%s' "$out" | grep -q -- "$pattern"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "cli-smoke FAILED: $name: exit $code (wanted $expected), output:"; printf '%s\n' "$out" | tail -n 20
    fi
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://192.0.2.1:6443\nusers:\n- name: u\n  user: {}\ncontexts:\n- name: smoke\n  context:\n    cluster: c\n    user: u\n' > "$tmp/config"
export XDG_CACHE_HOME="$tmp/cache"
check "help" 0 "Usage: kubetriage-cli" "$cli" --help
check "bad usage" 2 "unknown command" "$cli" nonsense
check "contexts" 0 "smoke" env KUBECONFIG="$tmp/config" "$cli" contexts
check "etcd unreachable" 1 "error: " "$cli" etcd status --endpoints http://127.0.0.1:9 --dial-timeout 1s
# every phase the product ships is installed: the sample incident reads root first to the CNI layer
sample=bundles/io.kubetriage.sample/sample
check "diagnose sample" 1 "KT-CNI-001" "$cli" diagnose "$sample/after.ktsnap" --baseline "$sample/before.ktsnap"
echo "cli-smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
