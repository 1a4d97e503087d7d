package io.kubetriage.phase.cni.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.phase.cni.CalicoObjects;
import io.kubetriage.phase.cni.CniReachability;
import io.kubetriage.phase.cni.CniReachability.ApiServerAddress;
import io.kubetriage.phase.cni.CniReachability.Check;
import io.kubetriage.phase.cni.CniReachability.NodeCni;
import io.kubetriage.ui.internal.nodes.NodeFindings;
import io.kubetriage.ui.internal.nodes.NodeSnapshot;

/**
 * One row of the CNI Reachability view: a node's CNI API server address, whether it is a ClusterIP
 * and whether the node serves that ClusterIP, calico-node's readiness there, and the CNI phase's
 * findings about the node. Headless; built in the view's job.
 *
 * @param node        the node
 * @param address     the address (the first the CNI plugin uses), or null when none was read
 * @param check       the route of the address when it is a ClusterIP of a Service, else null
 * @param calicoNode  calico-node's state on the node, in words
 * @param calicoReady whether a calico-node Pod on the node is Ready
 * @param findings    the findings with code {@code KT-CNI-*} whose evidence points at the node or
 *                    whose id names it
 */
public record NodeReachability(String node, ApiServerAddress address, Check check, String calicoNode,
        boolean calicoReady, List<Finding> findings) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CNI_CODE = "KT-CNI-";

    /** Every node of the snapshot, in node order; nodes without CNI files have no address. */
    public static List<NodeReachability> of(NodeSnapshot snapshot) {
        List<NodeCni> cni = CniReachability.of(snapshot.snapshot());
        List<NodeReachability> rows = new ArrayList<>();
        for (String node : snapshot.nodeNames()) {
            Optional<NodeCni> n = CniReachability.node(cni, node);
            ApiServerAddress address = n.map(c -> c.addresses().isEmpty() ? null : c.addresses().get(0)).orElse(null);
            Check check = n.flatMap(c -> c.checks().stream().filter(k -> k.address().equals(address)).findFirst())
                    .orElse(null);
            List<ApiObject> pods = CalicoObjects.pods(snapshot.snapshot(), node);
            boolean ready = pods.stream().anyMatch(NodeReachability::ready);
            String state = pods.isEmpty() ? "no calico-node Pod" : ready ? "Ready" : "not Ready ("
                    + pods.get(0).key().name() + ")";
            rows.add(new NodeReachability(node, address, check, state, ready, findings(snapshot.findings(), node)));
        }
        return List.copyOf(rows);
    }

    /** Whether the address is a Service's ClusterIP. */
    public boolean clusterIp() {
        return check != null;
    }

    private static List<Finding> findings(NodeFindings all, String node) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : all.findings()) {
            if (!f.code().startsWith(CNI_CODE)) {
                continue;
            }
            boolean onNode = f.id().endsWith(":" + node)
                    || f.evidence().stream().anyMatch(e -> e.location() != null && e.location().node().equals(node));
            if (onNode) {
                out.add(f);
            }
        }
        return out;
    }

    /** Whether a Pod's Ready condition is True. */
    private static boolean ready(ApiObject pod) {
        try {
            for (JsonNode c : JSON.readTree(pod.json()).path("status").path("conditions")) {
                if ("Ready".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                    return true;
                }
            }
        } catch (JsonProcessingException e) {
            return false;
        }
        return false;
    }
}
