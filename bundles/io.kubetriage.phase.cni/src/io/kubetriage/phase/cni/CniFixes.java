package io.kubetriage.phase.cni;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.diagnosis.QuickFixProvider;
import io.kubetriage.core.node.model.ClusterServices;
import io.kubetriage.core.node.model.ServiceEndpoints;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.KubeObjects;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/** The quick fix plans of the CNI phase. Plans only: nothing here talks to a cluster. */
public final class CniFixes implements QuickFixProvider {

    public static final String JSON_PATCH = "application/json-patch+json";
    /** The Endpoints of the API server. */
    public static final ObjectKey KUBERNETES_ENDPOINTS = new ObjectKey("", "Endpoints", "default", "kubernetes");

    /**
     * The real address of the API server.
     *
     * @param host the address (IPv6 without brackets)
     * @param port the port
     */
    public record Endpoint(String host, int port) {

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    @Override
    public List<String> fixIds() {
        return List.of(CniCodes.FIX_SET_API_SERVER_ENDPOINT, CniCodes.FIX_RESTART_CALICO_NODE);
    }

    @Override
    public Optional<FixPlan> plan(String fixId, Finding finding, DiagnosisInput input) {
        if (!finding.fixIds().contains(fixId)) {
            return Optional.empty();
        }
        return switch (fixId) {
            case CniCodes.FIX_SET_API_SERVER_ENDPOINT -> setApiServerEndpoint(finding, input);
            case CniCodes.FIX_RESTART_CALICO_NODE -> restartCalicoNode(finding, input);
            default -> Optional.empty();
        };
    }

    /**
     * The first ready address and port of {@code default/kubernetes}: from its Endpoints object (the
     * port named {@code https}, else the first), else from its EndpointSlices; empty when none is ready.
     */
    public static Optional<Endpoint> apiServerEndpoint(Snapshot s) {
        Optional<ApiObject> endpoints = s.object(KUBERNETES_ENDPOINTS);
        if (endpoints.isPresent()) {
            for (JsonNode subset : KubeObjects.tree(endpoints.get()).path("subsets")) {
                String ip = subset.path("addresses").path(0).path("ip").asText("");
                int port = 0;
                for (JsonNode p : subset.path("ports")) {
                    if (port == 0 || "https".equals(p.path("name").asText())) {
                        port = p.path("port").asInt(0);
                    }
                }
                if (!ip.isEmpty() && port > 0 && port <= 65535) {
                    return Optional.of(new Endpoint(ip, port));
                }
            }
            return Optional.empty();
        }
        List<ServiceEndpoints> kubernetes = ClusterServices.of(s, "default", "kubernetes");
        for (ServiceEndpoints e : kubernetes) {
            if (!e.ready().isEmpty()) {
                String ready = e.ready().get(0);
                int colon = ready.lastIndexOf(':');
                String host = ready.substring(0, colon).replace("[", "").replace("]", "");
                return Optional.of(new Endpoint(host, Integer.parseInt(ready.substring(colon + 1))));
            }
        }
        return Optional.empty();
    }

    /**
     * A JSON patch of the calico-node DaemonSet setting {@code KUBERNETES_SERVICE_HOST} and
     * {@code KUBERNETES_SERVICE_PORT} on its calico-node container, and on its install-cni init
     * container when it has one (install-cni writes calico-kubeconfig from them), to the API
     * server's real address; guarded by the DaemonSet's resourceVersion. Empty when there is no
     * DaemonSet, no calico-node container, no ready API server endpoint, or nothing to change.
     */
    public static Optional<FixPlan> setApiServerEndpoint(Finding finding, DiagnosisInput input) {
        Snapshot s = input.snapshot();
        Optional<ApiObject> daemonSet = CalicoObjects.daemonSet(s);
        Optional<Endpoint> endpoint = apiServerEndpoint(s);
        if (daemonSet.isEmpty() || endpoint.isEmpty()) {
            return Optional.empty();
        }
        ApiObject ds = daemonSet.get();
        ObjectNode before = KubeObjects.mutableTree(ds);
        ObjectNode after = before.deepCopy();
        ArrayNode patch = CniJson.MAPPER.createArrayNode();
        List<String> undo = new ArrayList<>();
        List<String> containers = new ArrayList<>();
        String host = endpoint.get().host();
        String port = Integer.toString(endpoint.get().port());
        for (String[] c : new String[][] {{"containers", CalicoObjects.CONTAINER},
                {"initContainers", CalicoObjects.INSTALL_CNI}}) {
            JsonNode list = KubeObjects.at(after, "spec", "template", "spec", c[0]);
            int index = indexOf(list, c[1]);
            if (index < 0) {
                if (c[1].equals(CalicoObjects.CONTAINER)) {
                    return Optional.empty();
                }
                continue;
            }
            if (!(list.get(index) instanceof ObjectNode container)) {
                continue;
            }
            String base = "/spec/template/spec/" + c[0] + "/" + index + "/env";
            undo.add(oldValues(c[1], container, ds));
            boolean changed = setEnv(container, base, patch, CniReachability.HOST_VAR, host);
            changed |= setEnv(container, base, patch, CniReachability.PORT_VAR, port);
            if (changed) {
                containers.add(c[1]);
            }
        }
        if (patch.isEmpty()) {
            return Optional.empty();
        }
        String dsName = ds.key().namespace() + "/" + ds.key().name();
        String settings = CniReachability.HOST_VAR + "=" + host + " and " + CniReachability.PORT_VAR + "=" + port;
        FixStep step = new FixStep.ApiStep(FixStep.Operation.PATCH, ds.key(), KubeObjects.pretty(before),
                KubeObjects.pretty(after), patch.toString(), JSON_PATCH, ds.resourceVersion(),
                "Set " + settings + " on container" + (containers.size() == 1 ? " " : "s ")
                        + String.join(" and ", containers) + " of DaemonSet " + dsName);
        boolean rolling = rollingUpdate(before);
        return Optional.of(new FixPlan(CniCodes.FIX_SET_API_SERVER_ENDPOINT,
                "Point calico-node at the API server " + endpoint.get(), finding.id(), List.of(step), true,
                "DaemonSet " + dsName + " will set " + settings + " on " + String.join(" and ", containers)
                        + ": calico-node then reaches the API server " + endpoint.get() + " (the first ready address "
                        + "of Endpoints default/kubernetes) directly, not through the kubernetes ClusterIP. "
                        + (rolling ? "Its update strategy is RollingUpdate, so the DaemonSet controller restarts "
                                + "the calico-node Pods one node at a time by itself; "
                                : "Its update strategy is OnDelete, so the Pods keep the old values until they are "
                                        + "deleted (fix " + CniCodes.FIX_RESTART_CALICO_NODE + "); ")
                        + "Pod networking on a node pauses while its calico-node restarts. Confirm that "
                        + endpoint.get() + " is the API server's stable address: if it moves (another control-plane "
                        + "node, a new IP), calico-node must be pointed at it again.",
                "Put the old values back: " + String.join("; ", undo) + ". Or apply the undo record of this fix, "
                        + "which keeps the DaemonSet as it was before the patch. calico-node Pods restart again."));
    }

    /**
     * DELETE of the calico-node Pods of the finding's node (all calico-node Pods when the finding
     * names no node), each guarded by its resourceVersion, so the DaemonSet starts them again with
     * its current template. Empty when there is no such Pod.
     */
    public static Optional<FixPlan> restartCalicoNode(Finding finding, DiagnosisInput input) {
        Snapshot s = input.snapshot();
        String subject = CniCodes.subject(finding.id());
        boolean all = subject == null || subject.isEmpty() || subject.equals(SandboxErrorsDetector.UNKNOWN_NODE);
        List<ApiObject> pods = all ? CalicoObjects.pods(s) : CalicoObjects.pods(s, subject);
        if (pods.isEmpty()) {
            return Optional.empty();
        }
        List<FixStep> steps = new ArrayList<>();
        for (ApiObject p : pods) {
            String node = CalicoObjects.nodeOf(p);
            steps.add(new FixStep.ApiStep(FixStep.Operation.DELETE, p.key(), KubeObjects.pretty(KubeObjects.tree(p)), null, null,
                    null, p.resourceVersion(), "Delete " + p.key() + (node == null ? "" : " on " + node)
                            + " so its DaemonSet starts it again"));
        }
        Optional<ApiObject> ds = CalicoObjects.daemonSet(s);
        boolean rolling = ds.map(d -> rollingUpdate(KubeObjects.tree(d))).orElse(true);
        String where = all ? "every node" : subject;
        return Optional.of(new FixPlan(CniCodes.FIX_RESTART_CALICO_NODE,
                "Restart calico-node on " + where + " (" + steps.size() + (steps.size() == 1 ? " Pod)" : " Pods)"),
                finding.id(), steps, true,
                steps.size() + " calico-node " + (steps.size() == 1 ? "Pod" : "Pods") + " on " + where + " will be "
                        + "deleted; the DaemonSet creates them again from its current template, its env included, "
                        + "and install-cni writes the node's CNI files again. Pods that run keep their network; new "
                        + "Pods on the node wait until calico-node is back. "
                        + (rolling ? "The DaemonSet's update strategy is RollingUpdate: after "
                                + CniCodes.FIX_SET_API_SERVER_ENDPOINT + " it restarts calico-node by itself, so this "
                                + "is needed only for a Pod that was not replaced."
                                : "The DaemonSet's update strategy is OnDelete: after "
                                        + CniCodes.FIX_SET_API_SERVER_ENDPOINT + " the Pods keep the old env until "
                                        + "they are deleted, as here."),
                "A deleted Pod cannot be restored; its DaemonSet replaces it. Nothing to undo."));
    }

    private static int indexOf(JsonNode containers, String name) {
        for (int i = 0; i < containers.size(); i++) {
            if (name.equals(containers.get(i).path("name").asText())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Adds to the patch (and applies to the container) what sets one variable: {@code add} of the
     * whole env list when there is none, {@code replace} of the entry that has the name, {@code add}
     * at the end otherwise. Nothing when the entry already has the value.
     */
    private static boolean setEnv(ObjectNode container, String base, ArrayNode patch, String name, String value) {
        ObjectNode wanted = CniJson.MAPPER.createObjectNode().put("name", name).put("value", value);
        if (!(container.get("env") instanceof ArrayNode env)) {
            ArrayNode list = CniJson.MAPPER.createArrayNode().add(wanted);
            container.set("env", list);
            patch.addObject().put("op", "add").put("path", base).set("value", list.deepCopy());
            return true;
        }
        for (int i = 0; i < env.size(); i++) {
            if (name.equals(env.get(i).path("name").asText())) {
                if (env.get(i).equals(wanted)) {
                    return false;
                }
                env.set(i, wanted);
                patch.addObject().put("op", "replace").put("path", base + "/" + i).set("value", wanted.deepCopy());
                return true;
            }
        }
        env.add(wanted);
        patch.addObject().put("op", "add").put("path", base + "/-").set("value", wanted.deepCopy());
        return true;
    }

    /** The undo text of one container: its old values (or their absence) and the command that restores them. */
    private static String oldValues(String name, JsonNode container, ApiObject ds) {
        List<String> was = new ArrayList<>();
        List<String> restore = new ArrayList<>();
        for (String var : List.of(CniReachability.HOST_VAR, CniReachability.PORT_VAR)) {
            JsonNode entry = null;
            for (JsonNode e : container.path("env")) {
                if (var.equals(e.path("name").asText())) {
                    entry = e;
                }
            }
            if (entry == null) {
                was.add(var + " was not set");
                restore.add(var + "-");
            } else if (entry.has("valueFrom")) {
                was.add(var + " was set from " + entry.get("valueFrom"));
            } else {
                String old = entry.path("value").asText("");
                was.add(var + " was " + old);
                restore.add(var + "=" + old);
            }
        }
        String command = restore.isEmpty() ? "" : " (kubectl -n " + ds.key().namespace() + " set env daemonset/"
                + ds.key().name() + " -c " + name + " " + String.join(" ", restore) + ")";
        return "container " + name + ": " + String.join(", ", was) + command;
    }

    private static boolean rollingUpdate(JsonNode ds) {
        return !"OnDelete".equals(CniJson.text(ds, "spec", "updateStrategy", "type"));
    }
}
