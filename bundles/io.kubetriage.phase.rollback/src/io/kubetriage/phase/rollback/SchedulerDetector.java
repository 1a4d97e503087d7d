package io.kubetriage.phase.rollback;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FindingCatalog;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.KubeObjects;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * KT-ROLLBACK-004: a control-plane node that runs static Pods but lacks the mirror Pod of its
 * kube-scheduler or kube-controller-manager (WARNING, one finding per node and component), and Pods
 * Pending with no node and no scheduling decision while no kube-scheduler Pod runs (ERROR; caused
 * by the missing scheduler mirror when there is one).
 */
public final class SchedulerDetector implements Detector {

    static final List<String> COMPONENTS = List.of("kube-scheduler", "kube-controller-manager");
    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    @Override
    public String phase() {
        return RollbackCodes.PHASE;
    }

    @Override
    public List<String> codes() {
        return List.of(RollbackCodes.NO_SCHEDULER);
    }

    @Override
    public List<FindingCatalog.Entry> catalog() {
        return List.of(RollbackCodes.NO_SCHEDULER_ENTRY);
    }

    @Override
    public List<Finding> detect(DiagnosisInput input) {
        Snapshot s = input.snapshot();
        List<ApiObject> systemPods = K8s.pods(s).stream()
                .filter(p -> p.key().namespace().equals(K8s.KUBE_SYSTEM)).toList();
        List<Finding> findings = new ArrayList<>();
        String schedulerMirrorMissing = null;
        for (String node : controlPlaneNodes(s)) {
            List<ApiObject> onNode = systemPods.stream().filter(p -> node.equals(K8s.text(KubeObjects.tree(p), "spec",
                    "nodeName"))).toList();
            // only a node that runs static Pods (kubeadm-style) is expected to run these as static Pods
            List<ApiObject> mirrors = onNode.stream().filter(SchedulerDetector::isMirror).toList();
            if (mirrors.isEmpty()) {
                continue;
            }
            for (String component : COMPONENTS) {
                if (onNode.stream().anyMatch(p -> isComponent(p, component))) {
                    continue;
                }
                String id = Finding.id(RollbackCodes.NO_SCHEDULER, "mirror/" + node + "/" + component);
                if (component.equals("kube-scheduler")) {
                    schedulerMirrorMissing = id;
                }
                List<Evidence> evidence = new ArrayList<>();
                evidence.add(Evidence.object(new ObjectKey("", "Node", "", node), "control-plane node",
                        "runs the static Pods " + String.join(", ", mirrors.stream().map(p -> p.key().name()).toList())
                                + " but no " + component));
                findings.add(new Finding(id, RollbackCodes.NO_SCHEDULER, Severity.WARNING,
                        "The mirror Pod of " + component + " on " + node + " is missing",
                        "Control-plane node " + node + " runs static Pods, yet the API server shows no " + component
                                + " Pod for it. After an etcd rollback the kubelet does not recreate a deleted mirror "
                                + "Pod; move /etc/kubernetes/manifests/" + component + ".yaml out of the manifests "
                                + "directory and back so the kubelet restarts it and posts its mirror again.",
                        evidence, List.of(new ObjectKey("", "Pod", K8s.KUBE_SYSTEM, component + "-" + node)),
                        RollbackCodes.rollbackCause(input), List.of(RollbackCodes.FIX_RESTART_CONTROL_PLANE)));
            }
        }
        boolean schedulerRuns = systemPods.stream().anyMatch(p -> isComponent(p, "kube-scheduler")
                && "Running".equals(K8s.text(KubeObjects.tree(p), "status", "phase")));
        if (!schedulerRuns) {
            List<ApiObject> waiting = K8s.pods(s).stream().filter(SchedulerDetector::neverScheduled).toList();
            if (!waiting.isEmpty()) {
                List<Evidence> evidence = new ArrayList<>();
                evidence.add(Evidence.line(Evidence.Kind.OBJECT, "scheduler",
                        "no running kube-scheduler Pod in " + K8s.KUBE_SYSTEM, null));
                waiting.stream().limit(20).forEach(p -> evidence.add(Evidence.object(p.key(), "Pending",
                        "no node, no scheduling decision")));
                findings.add(new Finding(Finding.id(RollbackCodes.NO_SCHEDULER, "pending"), RollbackCodes.NO_SCHEDULER,
                        Severity.ERROR, waiting.size() + (waiting.size() == 1 ? " Pod is" : " Pods are")
                                + " Pending and no scheduler runs",
                        "These Pods have no node and no scheduling decision (no PodScheduled condition), and no "
                                + "kube-scheduler Pod runs: nothing is scheduling them. Bring the scheduler back "
                                + "(on a kubeadm control plane: move its manifest out of /etc/kubernetes/manifests "
                                + "and back) and the Pods will be scheduled.",
                        evidence, waiting.stream().map(ApiObject::key).toList(),
                        schedulerMirrorMissing != null ? schedulerMirrorMissing : RollbackCodes.rollbackCause(input),
                        List.of(RollbackCodes.FIX_RESTART_CONTROL_PLANE)));
            }
        }
        return findings;
    }

    /** The names of the nodes labelled as control plane (or master). */
    static List<String> controlPlaneNodes(Snapshot s) {
        List<String> nodes = new ArrayList<>();
        for (ApiObject n : KubeObjects.ofKind(s, "", "Node")) {
            JsonNode labels = KubeObjects.at(KubeObjects.tree(n), "metadata", "labels");
            if (labels.has("node-role.kubernetes.io/control-plane") || labels.has("node-role.kubernetes.io/master")) {
                nodes.add(n.key().name());
            }
        }
        return nodes;
    }

    static boolean isMirror(ApiObject pod) {
        JsonNode n = KubeObjects.tree(pod);
        return K8s.annotation(n, MIRROR_ANNOTATION) != null || "Node".equals(K8s.ownerKind(n));
    }

    static boolean isComponent(ApiObject pod, String component) {
        return component.equals(K8s.label(KubeObjects.tree(pod), "component")) || pod.key().name().startsWith(component + "-");
    }

    private static boolean neverScheduled(ApiObject pod) {
        JsonNode n = KubeObjects.tree(pod);
        if (!"Pending".equals(K8s.text(n, "status", "phase")) || K8s.text(n, "spec", "nodeName") != null) {
            return false;
        }
        for (JsonNode c : KubeObjects.at(n, "status", "conditions")) {
            if ("PodScheduled".equals(c.path("type").asText())) {
                return false;
            }
        }
        return true;
    }
}
