package io.kubetriage.core.node.section;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The raw node data of a cluster: the files of each node and, when it was read, the kube-proxy
 * ConfigMap as YAML.
 *
 * @param nodes              one per node, in the order given; no two with the same name
 * @param kubeProxyConfigMap the {@code kube-system/kube-proxy} ConfigMap as YAML, or null
 */
public record NodeData(List<NodeFiles> nodes, String kubeProxyConfigMap) {

    /** @throws IllegalArgumentException when two nodes have the same name */
    public NodeData {
        nodes = List.copyOf(nodes);
        Set<String> names = new HashSet<>();
        for (NodeFiles n : nodes) {
            if (!names.add(n.node())) {
                throw new IllegalArgumentException("node " + n.node() + " is given twice");
            }
        }
    }

    public Optional<NodeFiles> node(String name) {
        return nodes.stream().filter(n -> n.node().equals(name)).findFirst();
    }

    public List<String> nodeNames() {
        List<String> names = new ArrayList<>();
        nodes.forEach(n -> names.add(n.node()));
        return names;
    }
}
