package io.kubetriage.phase.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.node.ProxyMode;
import io.kubetriage.core.node.model.ServiceEndpoints;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.snapshot.ObjectKey;

/**
 * KT-ROUTING-004: in IPVS mode, ClusterIPs that the node's {@code kube-ipvs0} dummy interface does
 * not hold, so the node does not take packets to them. One finding per node; only nodes whose
 * {@code ip -o addr} output was collected are looked at.
 */
public final class IpvsAddressDetector extends RoutingDetector {

    public IpvsAddressDetector() {
        super(RoutingCodes.IPVS_ADDRESS_MISSING_ENTRY);
    }

    @Override
    public List<Finding> detect(DiagnosisInput input) {
        RoutingModel model = RoutingModel.of(input);
        Map<String, Set<ObjectKey>> byIp = new LinkedHashMap<>();
        for (ServiceEndpoints se : ClusterIpMissingDetector.kubernetesFirst(model.services())) {
            byIp.computeIfAbsent(se.port().clusterIp(), k -> new LinkedHashSet<>()).add(se.service());
        }
        List<Finding> findings = new ArrayList<>();
        for (NodeState n : model.nodes()) {
            if (n.mode() != ProxyMode.IPVS || n.data().addresses() == null) {
                continue;
            }
            boolean device = n.hasIpvsDevice();
            List<Evidence> evidence = new ArrayList<>();
            Set<ObjectKey> affected = new LinkedHashSet<>();
            byIp.forEach((ip, services) -> {
                if (n.ipvsAddress(ip) != null) {
                    return;
                }
                affected.addAll(services);
                evidence.add(n.evidence(NodePaths.IP_ADDR, 0, "ClusterIP not on kube-ipvs0", ip + " ("
                        + String.join(", ", services.stream().map(K8s::name).toList()) + ") is not an address of "
                        + "kube-ipvs0" + (device ? "" : "; the node has no kube-ipvs0 address at all"))
                        .withObject(services.iterator().next()));
            });
            if (evidence.isEmpty()) {
                continue;
            }
            int count = evidence.size();
            evidence.addAll(n.problemNotes());
            findings.add(new Finding(Finding.id(RoutingCodes.IPVS_ADDRESS_MISSING, n.name()),
                    RoutingCodes.IPVS_ADDRESS_MISSING, Severity.ERROR,
                    "kube-ipvs0 on node " + n.name() + " lacks " + count + (count == 1 ? " ClusterIP" : " ClusterIPs"),
                    "kube-proxy in IPVS mode binds every ClusterIP to the kube-ipvs0 dummy interface so that node " + n.name()
                            + " accepts packets to it and hands them to IPVS. These ClusterIPs are missing there, so "
                            + "the node does not serve them even where a virtual service exists. kube-proxy adds them "
                            + "back when it syncs.",
                    evidence, List.copyOf(affected), model.nodeCause(n), model.nodeFixes(n.name())));
        }
        return findings;
    }
}
