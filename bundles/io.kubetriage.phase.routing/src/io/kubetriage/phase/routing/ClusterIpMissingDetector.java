package io.kubetriage.phase.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.node.ProxyMode;
import io.kubetriage.core.node.model.ServiceEndpoints;
import io.kubetriage.core.node.netfilter.iptables.IptablesChain;
import io.kubetriage.core.node.netfilter.iptables.IptablesDump;
import io.kubetriage.core.node.routing.Hop;
import io.kubetriage.core.node.routing.ServiceRoute;
import io.kubetriage.core.snapshot.ObjectKey;

/**
 * KT-ROUTING-002: Service ports that kube-proxy has not programmed on a node. In IPVS mode the
 * ClusterIP and port has no virtual service; in iptables mode no KUBE-SERVICES rule leads to a
 * KUBE-SVC chain for it (and no REJECT rule says it has no endpoints). One finding per node,
 * {@code default/kubernetes} always first. Only nodes whose rules were collected are looked at.
 */
public final class ClusterIpMissingDetector extends RoutingDetector {

    public ClusterIpMissingDetector() {
        super(RoutingCodes.CLUSTER_IP_MISSING_ENTRY);
    }

    @Override
    public List<Finding> detect(DiagnosisInput input) {
        RoutingModel model = RoutingModel.of(input);
        List<Finding> findings = new ArrayList<>();
        for (NodeState n : model.nodes()) {
            List<ServiceEndpoints> missing = new ArrayList<>();
            List<Evidence> evidence = new ArrayList<>();
            for (ServiceEndpoints se : kubernetesFirst(model.services())) {
                if (!n.canCheck(se)) {
                    continue;
                }
                Evidence e = missing(n, se, n.route(se));
                if (e != null) {
                    missing.add(se);
                    evidence.add(e.withObject(se.service()));
                }
            }
            if (missing.isEmpty()) {
                continue;
            }
            evidence.addAll(n.problemNotes());
            Set<ObjectKey> affected = new LinkedHashSet<>();
            missing.forEach(se -> affected.add(se.service()));
            boolean kubernetes = missing.get(0).isKubernetesService();
            int others = missing.size() - (kubernetes ? 1 : 0);
            String title = kubernetes
                    ? "The kubernetes Service (" + missing.get(0).port().target() + ") is not served on node " + n.name()
                            + (others == 0 ? "" : ", nor " + others + " other ClusterIP " + (others == 1 ? "port" : "ports"))
                    : missing.size() + " ClusterIP " + (missing.size() == 1 ? "port is" : "ports are")
                            + " not served on node " + n.name();
            String how = n.mode() == ProxyMode.IPVS ? "the IPVS table has no virtual service for them"
                    : "no KUBE-SERVICES rule leads to a KUBE-SVC chain for them";
            String explanation = "On node " + n.name() + " (kube-proxy in " + n.mode().name().toLowerCase(java.util.Locale.ROOT)
                    + " mode) " + how + ": packets to these ClusterIPs leave the node unchanged and reach nothing."
                    + (kubernetes ? " default/kubernetes is among them, so everything on the node that talks to the "
                            + "API server through its ClusterIP fails: Calico's CNI plugin cannot set up Pods "
                            + "(dial tcp " + missing.get(0).port().clusterIp() + ":" + missing.get(0).port().port()
                            + ": i/o timeout), and in-cluster clients time out." : "")
                    + " kube-proxy writes these rules; restart it (or re-create its addon when its objects are gone).";
            findings.add(new Finding(Finding.id(RoutingCodes.CLUSTER_IP_MISSING, n.name()),
                    RoutingCodes.CLUSTER_IP_MISSING, Severity.ERROR, title, explanation, evidence,
                    List.copyOf(affected), model.nodeCause(n), model.nodeFixes(n.name())));
        }
        return findings;
    }

    /** The Service ports with {@code default/kubernetes} first, the others in the order given. */
    static List<ServiceEndpoints> kubernetesFirst(List<ServiceEndpoints> services) {
        return services.stream().sorted(Comparator.comparing(se -> se.isKubernetesService() ? 0 : 1)).toList();
    }

    /** The evidence that a port is not programmed on the node, or null when it is. */
    private static Evidence missing(NodeState n, ServiceEndpoints se, ServiceRoute route) {
        String port = se.port().displayName();
        if (n.mode() == ProxyMode.IPVS) {
            boolean noVs = route.hops(Hop.Kind.IPVS_VIRTUAL_SERVICE).stream()
                    .anyMatch(h -> h.state() == Hop.State.MISSING);
            return noVs ? n.evidence(n.parsed().ipvsFile(), 0, "no virtual service",
                    "no IPVS virtual service for " + se.port().protocol() + " " + hostPort(se) + " (" + port + ")")
                    : null;
        }
        if (!route.endpoints().isEmpty() || !route.hops(Hop.Kind.REJECT).isEmpty()) {
            return null;
        }
        Hop chain = route.missingHops().stream().filter(h -> h.kind() == Hop.Kind.SERVICE_CHAIN).findFirst()
                .orElse(null);
        Hop rule = route.missingHops().stream().filter(h -> h.kind() == Hop.Kind.SERVICE_RULE).findFirst()
                .orElse(null);
        if (chain == null && rule == null) {
            return null;
        }
        String file = n.fileOf(rule != null ? rule.source() : chain.source());
        if (chain != null) {
            return n.evidence(file, chain.line(), "no KUBE-SVC chain", "KUBE-SERVICES jumps to " + chain.name()
                    + " for " + se.port().target() + " (" + port + "), but the nat table has no such chain");
        }
        IptablesDump dump = NodeState.isV6(se.port().clusterIp()) ? n.data().ip6tables() : n.data().iptables();
        IptablesChain services = dump.chain("nat", "KUBE-SERVICES");
        return n.evidence(file, services == null ? 0 : services.lineNumber(), "no KUBE-SERVICES rule",
                "no KUBE-SERVICES rule for " + se.port().target() + " (" + port + ")"
                        + (services == null ? "; the nat table has no KUBE-SERVICES chain" : ""));
    }

    private static String hostPort(ServiceEndpoints se) {
        String ip = se.port().clusterIp();
        return (NodeState.isV6(ip) ? "[" + ip + "]" : ip) + ":" + se.port().port();
    }
}
