package io.kubetriage.connector.kube.node;

import java.util.List;

import io.kubetriage.core.node.section.NodeData;
import io.kubetriage.core.node.section.NodeFiles;

/**
 * What one collection brought back.
 *
 * @param data            the files of each node, with the status of each node and command, and the
 *                        kube-proxy ConfigMap when it could be read
 * @param kubeProxyMode   the {@code mode:} of kube-proxy's {@code config.conf}: {@code iptables},
 *                        {@code ipvs}, empty when unset (iptables on Linux); null when the ConfigMap
 *                        could not be read
 * @param kubeProxyProblem why the ConfigMap is missing; null when it was read
 * @param undeletedPods   agent Pods that could not be deleted, as {@code namespace/name: reason};
 *                        the user should delete them by hand
 * @param cancelled       whether the collection was cancelled; the nodes not done are
 *                        {@code CANCELLED}
 */
public record NodeCollection(NodeData data, String kubeProxyMode, String kubeProxyProblem,
        List<String> undeletedPods, boolean cancelled) {

    public NodeCollection {
        undeletedPods = List.copyOf(undeletedPods);
    }

    /** The nodes whose agent did not run, or did not finish. */
    public List<NodeFiles> failedNodes() {
        return data.nodes().stream().filter(n -> !n.status().ok()).toList();
    }
}
