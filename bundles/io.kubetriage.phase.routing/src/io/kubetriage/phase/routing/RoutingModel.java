package io.kubetriage.phase.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.kubetriage.core.diagnosis.DerivedData;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.node.Cidr;
import io.kubetriage.core.node.model.DiagnosisNodeData;
import io.kubetriage.core.node.model.ParsedNode;
import io.kubetriage.core.node.model.ServiceEndpoints;
import io.kubetriage.core.node.section.NodeDataException;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * What the routing detectors look at, computed once per diagnosis run and shared by them: the
 * Service ports with their endpoints, the nodes whose data was collected and could be read (each
 * indexed for routing), and the kube-proxy Pods. Node data that cannot be read at all gives no
 * nodes: nothing is concluded about nodes without data.
 */
final class RoutingModel {

    private static final DerivedData.Key<RoutingModel> KEY = DerivedData.key("routing model");

    private final Snapshot snapshot;
    private final List<ServiceEndpoints> services;
    private final List<NodeState> nodes;
    private final KubeProxyPods proxies;

    private RoutingModel(Snapshot snapshot, List<ServiceEndpoints> services, List<NodeState> nodes,
            KubeProxyPods proxies) {
        this.snapshot = snapshot;
        this.services = services;
        this.nodes = nodes;
        this.proxies = proxies;
    }

    static RoutingModel of(DiagnosisInput input) {
        return input.derived().get(KEY, () -> build(input));
    }

    private static RoutingModel build(DiagnosisInput input) {
        Snapshot s = input.snapshot();
        List<ServiceEndpoints> services = DiagnosisNodeData.services(input);
        Set<String> clusterIps = new HashSet<>();
        services.forEach(se -> clusterIps.add(Cidr.addressKey(se.port().clusterIp())));
        List<NodeState> nodes = new ArrayList<>();
        try {
            for (ParsedNode p : DiagnosisNodeData.nodes(input)) {
                if (p.collected()) {
                    nodes.add(new NodeState(p, clusterIps));
                }
            }
        } catch (NodeDataException e) {
            // unreadable node sections: no node is looked at
        }
        return new RoutingModel(s, services, List.copyOf(nodes), KubeProxyPods.of(s));
    }

    Snapshot snapshot() {
        return snapshot;
    }

    List<ServiceEndpoints> services() {
        return services;
    }

    List<NodeState> nodes() {
        return nodes;
    }

    Optional<NodeState> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    KubeProxyPods proxies() {
        return proxies;
    }

    /** The Linux nodes known from Node objects and node data. */
    List<String> nodeNames() {
        return KubeProxyPods.nodes(snapshot, nodes.stream().map(NodeState::name).toList());
    }

    /**
     * The KT-ROUTING-005 finding that says kube-proxy does not run on the node: the cluster-wide one
     * when there is no DaemonSet, the node's when no kube-proxy Pod there is Running and Ready;
     * null when it runs, or when Pods were not captured.
     */
    String proxyDownCause(String node) {
        if (!proxies.captured()) {
            return null;
        }
        if (!proxies.daemonSetExists()) {
            return RoutingCodes.KUBE_PROXY;
        }
        return proxies.healthyOn(node) ? null : Finding.id(RoutingCodes.KUBE_PROXY, node);
    }

    /** The cause of a node finding: the node's lost rules, else kube-proxy not running there, else none. */
    String nodeCause(NodeState n) {
        return n.rulesLost() ? Finding.id(RoutingCodes.RULES_LOST, n.name()) : proxyDownCause(n.name());
    }

    /** The fixes that apply to a node finding: restart when kube-proxy Pods can be re-created, the addon when parts are missing. */
    List<String> nodeFixes(String node) {
        List<String> fixes = new ArrayList<>();
        if (proxies.daemonSetExists() && !proxies.on(node).isEmpty()) {
            fixes.add(RoutingCodes.FIX_RESTART_KUBE_PROXY);
        }
        if (!KubeProxyAddon.missing(snapshot).isEmpty()) {
            fixes.add(RoutingCodes.FIX_RECREATE_ADDON);
        }
        return fixes;
    }
}
