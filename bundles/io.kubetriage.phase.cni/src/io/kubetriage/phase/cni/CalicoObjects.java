package io.kubetriage.phase.cni;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.KubeObjects;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * Calico's objects in a snapshot: the calico-node DaemonSet and its Pods, in {@code kube-system}
 * (manifest installs) or {@code calico-system} (operator installs).
 */
public final class CalicoObjects {

    /** The label value of calico-node's Pods ({@code k8s-app=calico-node}), also its DaemonSet's and container's name. */
    public static final String CONTAINER = "calico-node";
    /** The init container that writes the CNI configuration and calico-kubeconfig. */
    public static final String INSTALL_CNI = "install-cni";
    static final String LABEL = "k8s-app";
    static final List<String> NAMESPACES = List.of("kube-system", "calico-system");

    private CalicoObjects() {
    }

    /** The calico-node DaemonSet, {@code kube-system} first. */
    public static Optional<ApiObject> daemonSet(Snapshot s) {
        for (String ns : NAMESPACES) {
            Optional<ApiObject> ds = s.object(new ObjectKey("apps", "DaemonSet", ns, CONTAINER));
            if (ds.isPresent()) {
                return ds;
            }
        }
        return Optional.empty();
    }

    /** The calico-node Pods (label {@code k8s-app=calico-node}), in key order. */
    public static List<ApiObject> pods(Snapshot s) {
        List<ApiObject> out = new ArrayList<>();
        for (ApiObject p : KubeObjects.ofKind(s, "", "Pod")) {
            if (NAMESPACES.contains(p.key().namespace())
                    && CONTAINER.equals(CniJson.text(KubeObjects.tree(p), "metadata", "labels", LABEL))) {
                out.add(p);
            }
        }
        return out;
    }

    /** The calico-node Pods on a node. */
    public static List<ApiObject> pods(Snapshot s, String node) {
        return pods(s).stream().filter(p -> node.equals(nodeOf(p))).toList();
    }

    /** The node a Pod runs on ({@code spec.nodeName}), or null. */
    public static String nodeOf(ApiObject pod) {
        return CniJson.text(KubeObjects.tree(pod), "spec", "nodeName");
    }

    /** The container of a pod template's or Pod's spec by name; a missing node when absent. */
    static JsonNode container(JsonNode object, String field, String name) {
        JsonNode spec = object.path("spec").has("template") ? KubeObjects.at(object, "spec", "template", "spec")
                : object.path("spec");
        for (JsonNode c : spec.path(field)) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return MissingNode.getInstance();
    }

    /** The literal value of an env variable of a container; null when unset or set from a reference. */
    static String envValue(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText()) && e.path("value").isValueNode() && !e.path("value").isNull()) {
                return e.path("value").asText();
            }
        }
        return null;
    }

    /** Why a calico-node Pod is not Ready, in words; null when it is Ready. */
    static String notReadyReason(ApiObject pod) {
        JsonNode n = KubeObjects.tree(pod);
        List<String> why = new ArrayList<>();
        String phase = CniJson.text(n, "status", "phase");
        if (phase != null && !phase.equals("Running")) {
            why.add("phase " + phase);
        }
        for (JsonNode c : KubeObjects.at(n, "status", "conditions")) {
            if ("Ready".equals(c.path("type").asText()) && !"True".equals(c.path("status").asText())) {
                String reason = c.path("reason").asText("");
                String message = c.path("message").asText("");
                why.add("Ready " + c.path("status").asText() + (reason.isEmpty() ? "" : " (" + reason + ")")
                        + (message.isEmpty() ? "" : ": " + message));
            }
        }
        for (String field : List.of("initContainerStatuses", "containerStatuses")) {
            for (JsonNode c : KubeObjects.at(n, "status", field)) {
                String name = c.path("name").asText("?");
                String waiting = c.path("state").path("waiting").path("reason").asText("");
                boolean initDone = field.startsWith("init") && "Completed".equals(
                        c.path("state").path("terminated").path("reason").asText(""));
                if (!waiting.isEmpty()) {
                    String message = c.path("state").path("waiting").path("message").asText("");
                    why.add("container " + name + " waiting: " + waiting + (message.isEmpty() ? "" : " (" + message + ")")
                            + restarts(c));
                } else if (!field.startsWith("init") && !c.path("ready").asBoolean(true)) {
                    why.add("container " + name + " not ready" + restarts(c));
                } else if (field.startsWith("init") && !initDone && !c.path("ready").asBoolean(true)) {
                    why.add("init container " + name + " has not completed" + restarts(c));
                }
            }
        }
        return why.isEmpty() ? null : String.join("; ", why);
    }

    private static String restarts(JsonNode status) {
        int restarts = status.path("restartCount").asInt(0);
        return restarts > 0 ? ", " + restarts + " restarts" : "";
    }
}
