package io.kubetriage.phase.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.KubeObjects;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * The kube-proxy Pods of a snapshot (kube-system, label {@code k8s-app=kube-proxy}) by node, and
 * whether its DaemonSet exists. Nothing is concluded when neither Pods nor DaemonSets were captured.
 */
final class KubeProxyPods {

    static final ObjectKey DAEMON_SET = new ObjectKey("apps", "DaemonSet", K8s.KUBE_SYSTEM, "kube-proxy");
    static final String LABEL = "k8s-app";
    static final String APP = "kube-proxy";

    /**
     * One kube-proxy Pod.
     *
     * @param object the Pod
     * @param node   its spec.nodeName, or null when not scheduled
     * @param phase  its status.phase ("" when absent)
     * @param ready  whether its Ready condition is True
     */
    record Pod(ApiObject object, String node, String phase, boolean ready) {

        boolean healthy() {
            return ready && "Running".equals(phase);
        }

        String describe() {
            return object.key().name() + ": " + (phase.isEmpty() ? "no phase" : phase) + ", "
                    + (ready ? "Ready" : "not Ready");
        }
    }

    private final List<Pod> pods;
    private final boolean daemonSet;
    private final boolean captured;

    private KubeProxyPods(List<Pod> pods, boolean daemonSet, boolean captured) {
        this.pods = pods;
        this.daemonSet = daemonSet;
        this.captured = captured;
    }

    static KubeProxyPods of(Snapshot s) {
        List<Pod> pods = new ArrayList<>();
        for (ApiObject o : KubeObjects.ofKind(s, "", "Pod")) {
            if (!o.key().namespace().equals(K8s.KUBE_SYSTEM)) {
                continue;
            }
            JsonNode n = K8s.tree(o);
            if (!APP.equals(K8s.text(n, "metadata", "labels", LABEL))) {
                continue;
            }
            String phase = K8s.text(n, "status", "phase");
            pods.add(new Pod(o, K8s.text(n, "spec", "nodeName"), phase == null ? "" : phase, K8s.ready(n)));
        }
        boolean captured = K8s.captured(s, "", "Pod") || K8s.captured(s, "apps", "DaemonSet");
        return new KubeProxyPods(List.copyOf(pods), s.object(DAEMON_SET).isPresent(), captured);
    }

    /** Whether Pods or DaemonSets were captured, so that an absence means something. */
    boolean captured() {
        return captured;
    }

    boolean daemonSetExists() {
        return daemonSet;
    }

    /** Whether the cluster has no kube-proxy DaemonSet while the kinds were captured. */
    boolean daemonSetMissing() {
        return captured && !daemonSet;
    }

    List<Pod> all() {
        return pods;
    }

    List<Pod> on(String node) {
        return pods.stream().filter(p -> node.equals(p.node())).toList();
    }

    /** Whether a Running and Ready kube-proxy Pod is on the node. */
    boolean healthyOn(String node) {
        return on(node).stream().anyMatch(Pod::healthy);
    }

    /**
     * The Linux nodes of the snapshot: its Node objects (those labelled for another OS left out)
     * and the nodes of its node data, in that order.
     */
    static List<String> nodes(Snapshot s, List<String> nodeDataNames) {
        Set<String> names = new LinkedHashSet<>();
        for (ApiObject n : KubeObjects.ofKind(s, "", "Node")) {
            String os = K8s.text(K8s.tree(n), "metadata", "labels", "kubernetes.io/os");
            if (os == null || os.equals("linux")) {
                names.add(n.key().name());
            }
        }
        names.addAll(nodeDataNames);
        return List.copyOf(names);
    }
}
