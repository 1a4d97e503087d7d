package io.kubetriage.core.cluster;

import java.util.Objects;

import io.kubetriage.core.etcd.EtcdClusterStatus;

/**
 * What was learned about a cluster on connecting.
 *
 * @param serverVersion  the API server's version, e.g. {@code v1.20.2}
 * @param nodeCount      number of nodes
 * @param namespaceCount number of namespaces
 * @param etcd           the etcd members' status, or null when etcd is not configured or was not
 *                       asked
 */
public record ClusterInfo(String serverVersion, int nodeCount, int namespaceCount,
        EtcdClusterStatus etcd) {

    public ClusterInfo {
        Objects.requireNonNull(serverVersion, "serverVersion");
        if (nodeCount < 0 || namespaceCount < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
    }
}
