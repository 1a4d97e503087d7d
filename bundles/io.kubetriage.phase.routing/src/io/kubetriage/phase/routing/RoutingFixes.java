package io.kubetriage.phase.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.diagnosis.QuickFixProvider;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.KubeObjects;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * The quick fix plans of the routing phase. Plans only: nothing here talks to a cluster. Every API
 * step carries the object as it is and as it will be, and the resourceVersion it must still have.
 */
public final class RoutingFixes implements QuickFixProvider {

    /** The metadata the API server owns, left out of an object created again. */
    static final List<String> SERVER_METADATA = List.of("uid", "resourceVersion", "creationTimestamp", "generation",
            "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");
    private static final List<String> NODE_CODES = List.of(RoutingCodes.CLUSTER_IP_MISSING,
            RoutingCodes.IPVS_ADDRESS_MISSING, RoutingCodes.KUBE_PROXY, RoutingCodes.RULES_LOST);

    @Override
    public List<String> fixIds() {
        return RoutingCodes.FIX_IDS;
    }

    @Override
    public Optional<FixPlan> plan(String fixId, Finding finding, DiagnosisInput input) {
        if (!finding.fixIds().contains(fixId)) {
            return Optional.empty();
        }
        return switch (fixId) {
            case RoutingCodes.FIX_RESTART_KUBE_PROXY -> restartKubeProxy(finding, input);
            case RoutingCodes.FIX_RECREATE_ADDON -> recreateAddon(finding, input);
            case RoutingCodes.FIX_RECREATE_SERVICE -> recreateService(finding, input);
            default -> Optional.empty();
        };
    }

    /**
     * The nodes a finding is about: the subject of a node finding, else the nodes its evidence points
     * at; empty for a cluster-wide finding (all nodes).
     */
    static List<String> nodesOf(Finding finding) {
        String prefix = finding.code() + ":";
        if (NODE_CODES.contains(finding.code()) && finding.id().startsWith(prefix)) {
            return List.of(finding.id().substring(prefix.length()));
        }
        Set<String> nodes = new LinkedHashSet<>();
        for (Evidence e : finding.evidence()) {
            if (e.location() != null) {
                nodes.add(e.location().node());
            }
        }
        return List.copyOf(nodes);
    }

    /**
     * DELETE of the kube-proxy Pods of the finding's nodes (all of them for a cluster-wide finding);
     * the DaemonSet starts new ones, which re-list Services and endpoints and write every rule again.
     * On a node where kube-proxy fell back from IPVS to iptables, loading the IPVS modules comes first.
     */
    static Optional<FixPlan> restartKubeProxy(Finding finding, DiagnosisInput input) {
        RoutingModel model = RoutingModel.of(input);
        KubeProxyPods proxies = model.proxies();
        if (!proxies.daemonSetExists()) {
            return Optional.empty(); // nothing would start them again
        }
        List<String> nodes = nodesOf(finding);
        List<KubeProxyPods.Pod> pods = nodes.isEmpty() ? proxies.all()
                : proxies.all().stream().filter(p -> nodes.contains(p.node())).toList();
        if (pods.isEmpty()) {
            return Optional.empty();
        }
        List<FixStep> steps = new ArrayList<>();
        for (String node : nodes) {
            if (model.node(node).map(NodeState::ipvsFallback).orElse(false)) {
                steps.add(new FixStep.RunbookStep(node, List.of(
                        "sudo modprobe -a ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh nf_conntrack",
                        "printf 'ip_vs\\nip_vs_rr\\nip_vs_wrr\\nip_vs_sh\\nnf_conntrack\\n' | sudo tee /etc/modules-load.d/ipvs.conf"),
                        "kube-proxy falls back to iptables (\"" + KubeProxyDetector.FALLBACK_MESSAGE + "\") when the "
                                + "IPVS kernel modules are not loaded; the new Pod uses IPVS only if they are.",
                        "'lsmod | grep ip_vs' lists the modules; after the restart 'sudo ipvsadm -Ln' shows the "
                                + "ClusterIPs.",
                        "Load the IPVS kernel modules on " + node));
            }
        }
        List<String> names = new ArrayList<>();
        for (KubeProxyPods.Pod p : pods) {
            names.add(p.object().key().name() + (p.node() == null ? "" : " on " + p.node()));
            steps.add(new FixStep.ApiStep(FixStep.Operation.DELETE, p.object().key(),
                    KubeObjects.pretty(K8s.tree(p.object())), null, null, null, p.object().resourceVersion(),
                    "Delete " + p.object().key().name() + (p.node() == null ? "" : " on " + p.node())
                            + " so the DaemonSet starts a fresh kube-proxy"));
        }
        String where = nodes.isEmpty() ? "every node" : String.join(", ", nodes);
        return Optional.of(new FixPlan(RoutingCodes.FIX_RESTART_KUBE_PROXY, "Restart kube-proxy on " + where,
                finding.id(), steps, true,
                "The kube-proxy Pod" + (pods.size() == 1 ? " " : "s ") + String.join(", ", names) + " will be deleted; "
                        + "the DaemonSet kube-system/kube-proxy starts new ones, which write every Service rule again. "
                        + "Existing connections keep flowing; new ones to ClusterIPs may fail for a few seconds.",
                "Nothing to undo: the DaemonSet re-creates the Pods from its template. A deleted Pod cannot be "
                        + "restored; if no new Pod appears, check the DaemonSet (kubectl -n kube-system get ds "
                        + "kube-proxy)."));
    }

    /** CREATE of each kube-proxy addon object the snapshot lacks, in kubeadm's order (the DaemonSet last). */
    static Optional<FixPlan> recreateAddon(Finding finding, DiagnosisInput input) {
        List<FixStep> steps = new ArrayList<>();
        List<String> created = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (ObjectKey key : KubeProxyAddon.missing(input.snapshot())) {
            Optional<ObjectNode> object = KubeProxyAddon.build(key, input);
            if (object.isEmpty()) {
                skipped.add(key.toString());
                continue;
            }
            created.add(key.toString());
            steps.add(new FixStep.ApiStep(FixStep.Operation.CREATE, key, null, KubeObjects.pretty(object.get()), null, null,
                    null, "Create " + key + ", as 'kubeadm init phase addon kube-proxy' does"));
        }
        if (steps.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FixPlan(RoutingCodes.FIX_RECREATE_ADDON,
                "Re-create the kube-proxy addon (" + steps.size() + (steps.size() == 1 ? " object)" : " objects)"),
                finding.id(), steps, true,
                "These objects of the kube-proxy addon are missing and will be created: " + String.join(", ", created)
                        + ". Objects that exist are left as they are."
                        + (created.contains(KubeProxyAddon.DAEMON_SET.toString()) ? " The DaemonSet starts kube-proxy ("
                                + KubeProxyAddon.image(input.snapshot()) + ") on every Linux node." : "")
                        + (skipped.isEmpty() ? "" : " Not created (the API server's address is not known, create it "
                                + "by hand): " + String.join(", ", skipped) + "."),
                "The undo record lists each object created; undo deletes them, newest first."));
    }

    /**
     * DELETE and CREATE of the finding's Service, keeping its ClusterIP(s), ports, selector, labels
     * and annotations (server-owned metadata and status left out), so the endpoints controller and
     * kube-proxy handle it afresh.
     */
    static Optional<FixPlan> recreateService(Finding finding, DiagnosisInput input) {
        Snapshot s = input.snapshot();
        Optional<ApiObject> service = finding.affected().stream()
                .filter(k -> k.kind().equals("Service") && k.group().isEmpty()).findFirst().flatMap(s::object);
        if (service.isEmpty()) {
            return Optional.empty();
        }
        ApiObject svc = service.get();
        ObjectKey key = svc.key();
        if (key.namespace().equals("default") && key.name().equals("kubernetes")) {
            return Optional.empty(); // the API server owns it
        }
        ObjectNode before = K8s.mutableTree(svc);
        ObjectNode after = forCreate(before);
        String clusterIp = K8s.text(after, "spec", "clusterIP");
        List<FixStep> steps = List.of(
                new FixStep.ApiStep(FixStep.Operation.DELETE, key, KubeObjects.pretty(before), null, null, null,
                        svc.resourceVersion(), "Delete " + key),
                new FixStep.ApiStep(FixStep.Operation.CREATE, key, null, KubeObjects.pretty(after), null, null, null,
                        "Create " + key + " again with ClusterIP " + clusterIp + ", the same ports and selector"));
        JsonNode selector = after.path("spec").path("selector");
        return Optional.of(new FixPlan(RoutingCodes.FIX_RECREATE_SERVICE, "Re-create Service " + K8s.name(key),
                finding.id(), steps, true,
                "Service " + K8s.name(key) + " will be deleted and created again right away with ClusterIP " + clusterIp
                        + ", the same ports, selector (" + NoEndpointsDetector.selectorText(KubeObjects.stringMap(selector))
                        + ") and labels. Connections to it fail between the two requests; its Endpoints are computed "
                        + "afresh and kube-proxy rewrites its rules.",
                "The undo record keeps the deleted Service: undo deletes the new one and creates the old one again."));
    }

    /** The object as it is sent to be created: no server-owned metadata, no status. */
    static ObjectNode forCreate(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove("status");
        if (copy.get("metadata") instanceof ObjectNode meta) {
            SERVER_METADATA.forEach(meta::remove);
        }
        return copy;
    }
}
