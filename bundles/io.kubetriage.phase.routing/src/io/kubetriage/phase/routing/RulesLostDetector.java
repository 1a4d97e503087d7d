package io.kubetriage.phase.routing;

import java.util.ArrayList;
import java.util.List;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.node.ProxyMode;
import io.kubetriage.core.node.netfilter.iptables.IptablesDump;
import io.kubetriage.core.node.netfilter.iptables.IptablesTable;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.snapshot.ObjectKey;

/**
 * KT-ROUTING-006: kube-proxy's rules are gone wholesale from a node: iptables-save was collected
 * but its nat table holds none of kube-proxy's chains, and in IPVS mode no ClusterIP has a virtual
 * service. The etcd rollback is named as the likely cause.
 */
public final class RulesLostDetector extends RoutingDetector {

    public RulesLostDetector() {
        super(RoutingCodes.RULES_LOST_ENTRY);
    }

    @Override
    public List<Finding> detect(DiagnosisInput input) {
        RoutingModel model = RoutingModel.of(input);
        List<Finding> findings = new ArrayList<>();
        for (NodeState n : model.nodes()) {
            if (!n.rulesLost()) {
                continue;
            }
            List<Evidence> evidence = new ArrayList<>();
            IptablesDump dump = n.data().iptables();
            IptablesTable nat = dump.table("nat");
            if (dump.isEmpty()) {
                evidence.add(n.evidence(NodePaths.IPTABLES_SAVE, 0, "iptables-save", "printed no table at all: "
                        + "every rule of the node is gone"));
            } else if (nat == null) {
                evidence.add(n.evidence(NodePaths.IPTABLES_SAVE, 0, "nat table", "the dump has no nat table"));
            } else {
                List<String> kube = nat.chains().keySet().stream().filter(c -> c.startsWith("KUBE-")).toList();
                evidence.add(n.evidence(NodePaths.IPTABLES_SAVE, nat.lineNumber(), "nat table",
                        nat.chains().size() + " chains, none of kube-proxy's (no KUBE-SERVICES, KUBE-SVC-*, KUBE-SEP-*)"
                                + (kube.isEmpty() ? "" : "; KUBE-* chains left (not kube-proxy's): "
                                        + String.join(", ", kube))));
            }
            if (n.mode() == ProxyMode.IPVS) {
                int vs = n.data().ipvs().services().size();
                evidence.add(n.evidence(n.parsed().ipvsFile(), 0, "IPVS table", vs == 0 ? "no virtual service at all"
                        : vs + " virtual services, none for any of the cluster's ClusterIPs"));
            }
            List<ObjectKey> affected = new ArrayList<>();
            if (model.proxies().captured()) {
                if (!model.proxies().daemonSetExists()) {
                    evidence.add(Evidence.object(KubeProxyPods.DAEMON_SET, "kube-proxy", "no kube-proxy DaemonSet"));
                    affected.add(KubeProxyPods.DAEMON_SET);
                }
                for (KubeProxyPods.Pod p : model.proxies().on(n.name())) {
                    evidence.add(Evidence.object(p.object().key(), "kube-proxy Pod", p.describe()));
                    affected.add(p.object().key());
                }
            }
            evidence.addAll(n.problemNotes());
            findings.add(new Finding(Finding.id(RoutingCodes.RULES_LOST, n.name()), RoutingCodes.RULES_LOST,
                    Severity.ERROR, "kube-proxy's rules are gone from node " + n.name(),
                    "Node " + n.name() + " has none of kube-proxy's " + (n.mode() == ProxyMode.IPVS
                            ? "IPVS virtual services or iptables chains" : "iptables chains")
                            + ": no Service ClusterIP is served from it, default/kubernetes included. kube-proxy has "
                            + "not written its state back, because it does not run, or its addon objects (DaemonSet, "
                            + "ConfigMap, RBAC) went back with an etcd restore. Re-create the addon if parts of it are "
                            + "missing, then restart kube-proxy.",
                    evidence, affected, RoutingCodes.ROLLBACK_CAUSE, model.nodeFixes(n.name())));
        }
        return findings;
    }
}
