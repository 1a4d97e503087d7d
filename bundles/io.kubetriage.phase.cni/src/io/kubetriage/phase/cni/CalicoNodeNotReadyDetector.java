package io.kubetriage.phase.cni;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FindingCatalog;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.phase.cni.CniReachability.NodeCni;

/**
 * KT-CNI-002: the calico-node Pod of a node is not Ready (Ready condition false, a container not
 * ready or waiting, e.g. in CrashLoopBackOff), or a node with Calico's CNI files runs no calico-node
 * Pod while Calico is installed (its DaemonSet or Pods are in the snapshot). One finding per node,
 * caused by KT-CNI-001 of the node when that holds.
 */
public final class CalicoNodeNotReadyDetector implements Detector {

    @Override
    public String phase() {
        return CniCodes.PHASE;
    }

    @Override
    public List<String> codes() {
        return List.of(CniCodes.CALICO_NODE_NOT_READY);
    }

    @Override
    public List<FindingCatalog.Entry> catalog() {
        return List.of(CniCodes.CALICO_NODE_NOT_READY_ENTRY);
    }

    @Override
    public List<Finding> detect(DiagnosisInput input) {
        Snapshot s = input.snapshot();
        List<ApiObject> pods = CalicoObjects.pods(s);
        Optional<ApiObject> ds = CalicoObjects.daemonSet(s);
        List<NodeCni> nodes = CniReachability.of(input);
        Map<String, List<Evidence>> byNode = new LinkedHashMap<>();
        Map<String, List<ObjectKey>> affected = new LinkedHashMap<>();
        for (ApiObject p : pods) {
            String node = CalicoObjects.nodeOf(p);
            String why = CalicoObjects.notReadyReason(p);
            if (node == null || why == null) {
                continue;
            }
            byNode.computeIfAbsent(node, k -> new ArrayList<>()).add(Evidence.object(p.key(), "calico-node", why));
            affected.computeIfAbsent(node, k -> new ArrayList<>()).add(p.key());
        }
        if (ds.isPresent() || !pods.isEmpty()) {
            for (NodeCni n : nodes) {
                if (n.calico() && pods.stream().noneMatch(p -> n.name().equals(CalicoObjects.nodeOf(p)))) {
                    byNode.computeIfAbsent(n.name(), k -> new ArrayList<>()).add(Evidence.node(n.name(), null, 0,
                            "no calico-node Pod", "the node has Calico's CNI files but runs no calico-node Pod", null));
                    affected.computeIfAbsent(n.name(), k -> new ArrayList<>()).add(new ObjectKey("", "Node", "",
                            n.name()));
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, List<Evidence>> e : byNode.entrySet()) {
            String node = e.getKey();
            boolean unreachable = CniReachability.node(nodes, node).map(NodeCni::apiServerUnreachable).orElse(false);
            List<ObjectKey> keys = new ArrayList<>(affected.get(node));
            ds.ifPresent(d -> keys.add(d.key()));
            findings.add(new Finding(Finding.id(CniCodes.CALICO_NODE_NOT_READY, node), CniCodes.CALICO_NODE_NOT_READY,
                    Severity.ERROR, "calico-node is not Ready on " + node,
                    "Calico's agent on node " + node + " is not Ready (" + e.getValue().get(0).detail() + "). The "
                            + "node's Pod routes and policies are not kept up to date, and new Pods on it may get no "
                            + "network."
                            + (unreachable ? " Its CNI plugin cannot reach the API server through the ClusterIP it "
                                    + "uses (" + Finding.id(CniCodes.API_SERVER_UNREACHABLE, node) + "), which keeps "
                                    + "calico-node from starting: point calico-node at the API server's real address."
                                    : " Look at its logs (kubectl -n kube-system logs -c calico-node) for why."),
                    e.getValue(), keys,
                    unreachable ? Finding.id(CniCodes.API_SERVER_UNREACHABLE, node) : null,
                    List.of(CniCodes.FIX_SET_API_SERVER_ENDPOINT, CniCodes.FIX_RESTART_CALICO_NODE)));
        }
        return findings;
    }
}
