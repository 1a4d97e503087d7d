package io.kubetriage.phase.rollback;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.diagnosis.QuickFixProvider;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.KubeObjects;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/** The quick fix plans of the rollback phase. Plans only: nothing here talks to a cluster. */
public final class RollbackFixes implements QuickFixProvider {

    static final String MANIFESTS = "/etc/kubernetes/manifests";
    /**
     * Added to the revision gap for {@code --bump-revision}: covers the writes clients saw after the
     * newest revision we know of (the last snapshot), so no revision is handed out twice.
     */
    public static final long BUMP_MARGIN = 100_000;
    /** The annotations {@code kubectl rollout undo} keeps from the Deployment instead of the ReplicaSet. */
    static final Set<String> ANNOTATIONS_TO_SKIP = Set.of("kubectl.kubernetes.io/last-applied-configuration",
            K8s.REVISION, "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
            "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to");
    static final String JSON_PATCH = "application/json-patch+json";

    @Override
    public List<String> fixIds() {
        return List.of(RollbackCodes.FIX_ROLLOUT_UNDO, RollbackCodes.FIX_DELETE_STALE_PODS,
                RollbackCodes.FIX_RESTART_CONTROL_PLANE, RollbackCodes.FIX_PROPER_RESTORE);
    }

    @Override
    public Optional<FixPlan> plan(String fixId, Finding finding, DiagnosisInput input) {
        if (!finding.fixIds().contains(fixId)) {
            return Optional.empty();
        }
        return switch (fixId) {
            case RollbackCodes.FIX_ROLLOUT_UNDO -> rolloutUndo(finding, input, -1);
            case RollbackCodes.FIX_DELETE_STALE_PODS -> deleteStalePods(finding, input);
            case RollbackCodes.FIX_RESTART_CONTROL_PLANE -> Optional.of(restartControlPlane(finding, input));
            case RollbackCodes.FIX_PROPER_RESTORE -> properRestore(finding, input);
            default -> Optional.empty();
        };
    }

    /**
     * {@code kubectl rollout undo deployment/X --to-revision=N} as a plan: a JSON patch replacing the
     * Deployment's pod template with revision N's (its {@code pod-template-hash} label removed) and
     * its annotations with the ReplicaSet's (those kubectl skips kept from the Deployment), guarded by
     * the Deployment's resourceVersion.
     *
     * @param toRevision the revision to go to; -1 chooses: the newest ReplicaSet's when the
     *                   Deployment's template matches none, else the one before the Deployment's
     */
    public static Optional<FixPlan> rolloutUndo(Finding finding, DiagnosisInput input, long toRevision) {
        Snapshot s = input.snapshot();
        Optional<ApiObject> deployment = finding.affected().stream()
                .filter(k -> k.kind().equals("Deployment") && k.group().equals("apps")).findFirst()
                .flatMap(s::object);
        if (deployment.isEmpty()) {
            return Optional.empty();
        }
        ApiObject d = deployment.get();
        ObjectNode before = KubeObjects.mutableTree(d);
        JsonNode currentTemplate = K8s.templateWithoutHash(KubeObjects.at(before, "spec", "template"));
        long current = K8s.longAnnotation(before, K8s.REVISION);
        List<RolloutHistory.Revision> history = RolloutHistory.of(s, d.key()).stream()
                .filter(r -> r.revision() >= 0).toList();
        if (history.isEmpty()) {
            return Optional.empty();
        }
        RolloutHistory.Revision target;
        if (toRevision >= 0) {
            target = history.stream().filter(r -> r.revision() == toRevision).reduce((a, b) -> b).orElse(null);
        } else if (history.stream().noneMatch(r -> sameTemplate(r, currentTemplate))) {
            target = history.get(history.size() - 1);
        } else {
            // kubectl's default: the newest revision below the current one
            long cur = current >= 0 ? current : history.get(history.size() - 1).revision();
            target = history.stream().filter(r -> r.revision() < cur).reduce((a, b) -> b).orElse(null);
        }
        if (target == null) {
            return Optional.empty();
        }
        ApiObject rs = s.object(target.replicaSet()).orElseThrow();
        JsonNode rsTree = KubeObjects.tree(rs);
        JsonNode template = K8s.templateWithoutHash(KubeObjects.at(rsTree, "spec", "template"));
        ObjectNode annotations = K8s.MAPPER.createObjectNode();
        JsonNode own = KubeObjects.at(before, "metadata", "annotations");
        for (String skip : ANNOTATIONS_TO_SKIP.stream().sorted().toList()) {
            if (own.has(skip)) {
                annotations.set(skip, own.get(skip));
            }
        }
        for (Map.Entry<String, JsonNode> e : KubeObjects.at(rsTree, "metadata", "annotations").properties()) {
            if (!ANNOTATIONS_TO_SKIP.contains(e.getKey())) {
                annotations.set(e.getKey(), e.getValue());
            }
        }
        ArrayNode patch = K8s.MAPPER.createArrayNode();
        patch.addObject().put("op", "replace").put("path", "/spec/template").set("value", template);
        patch.addObject().put("op", "replace").put("path", "/metadata/annotations").set("value", annotations);
        ObjectNode after = before.deepCopy();
        after.withObject("/spec").set("template", template);
        after.withObject("/metadata").set("annotations", annotations);
        String name = d.key().name();
        String command = "kubectl rollout undo deployment/" + name + " -n " + d.key().namespace() + " --to-revision="
                + target.revision();
        FixStep step = new FixStep.ApiStep(FixStep.Operation.PATCH, d.key(), KubeObjects.pretty(before), KubeObjects.pretty(after),
                K8s.compact(patch), JSON_PATCH, d.resourceVersion(),
                "Set the pod template of " + d.key() + " to revision " + target.revision() + " (" + command + ")");
        return Optional.of(new FixPlan(RollbackCodes.FIX_ROLLOUT_UNDO,
                "Roll back deployment/" + name + " to revision " + target.revision(), finding.id(), List.of(step),
                true,
                "Deployment " + d.key().namespace() + "/" + name + " will roll out the pod template of revision "
                        + target.revision() + " (images " + String.join(", ", target.images()) + "), replacing its "
                        + "Pods. The same as '" + command + "'.",
                "Roll back again to the revision it runs now (" + (current < 0 ? "unknown" : current)
                        + "), or apply the 'before' object."));
    }

    private static boolean sameTemplate(RolloutHistory.Revision r, JsonNode template) {
        try {
            return K8s.MAPPER.readTree(r.templateJson()).equals(template);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** DELETE of each Pod the finding lists that a controller owns (bare and mirror Pods are left alone). */
    static Optional<FixPlan> deleteStalePods(Finding finding, DiagnosisInput input) {
        List<FixStep> steps = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (ObjectKey k : finding.affected()) {
            if (!k.kind().equals("Pod") || !k.group().isEmpty()) {
                continue;
            }
            Optional<ApiObject> pod = input.snapshot().object(k);
            if (pod.isEmpty()) {
                continue;
            }
            String owner = K8s.ownerKind(KubeObjects.tree(pod.get()));
            if (owner == null || owner.equals("Node")) {
                skipped.add(k.namespace() + "/" + k.name());
                continue;
            }
            steps.add(new FixStep.ApiStep(FixStep.Operation.DELETE, k, KubeObjects.pretty(KubeObjects.tree(pod.get())), null, null,
                    null, pod.get().resourceVersion(), "Delete " + k + " so its " + owner + " creates it afresh"));
        }
        if (steps.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FixPlan(RollbackCodes.FIX_DELETE_STALE_PODS, "Delete " + steps.size() + " stale Pods",
                finding.id(), steps, true,
                steps.size() + " Pods that came back from an older etcd state will be deleted; their controllers "
                        + "create them again from the current spec."
                        + (skipped.isEmpty() ? "" : " Left alone (no controller, or static Pod mirrors): "
                                + String.join(", ", skipped) + "."),
                "A deleted Pod cannot be restored; its controller replaces it. Nothing to undo."));
    }

    /**
     * The runbook for restarting static control-plane Pods: their manifests moved out of the
     * manifests directory and back. The components are those the finding names (a missing
     * scheduler or controller-manager mirror), else kube-apiserver (a fresh watch cache).
     */
    static FixPlan restartControlPlane(Finding finding, DiagnosisInput input) {
        List<String> components = new ArrayList<>();
        for (ObjectKey k : finding.affected()) {
            for (String c : List.of("kube-apiserver", "kube-scheduler", "kube-controller-manager")) {
                if (k.kind().equals("Pod") && k.name().startsWith(c + "-") && !components.contains(c)) {
                    components.add(c);
                }
            }
        }
        if (components.isEmpty()) {
            components.add("kube-apiserver");
        }
        List<String> nodes = SchedulerDetector.controlPlaneNodes(input.snapshot());
        String where = nodes.isEmpty() ? "each control-plane node" : String.join(", ", nodes);
        List<FixStep> steps = new ArrayList<>();
        for (String c : components) {
            String file = c + ".yaml";
            List<String> commands = List.of(
                    "sudo mv " + MANIFESTS + "/" + file + " /etc/kubernetes/" + file,
                    "# wait until the kubelet has stopped it (no output):",
                    "sudo crictl ps --name " + c,
                    "sudo mv /etc/kubernetes/" + file + " " + MANIFESTS + "/" + file);
            String verify = "'sudo crictl ps --name " + c + "' shows it running again, and 'kubectl -n kube-system "
                    + "get pods -l component=" + c + " -o wide' lists its mirror Pod Running on the node"
                    + (c.equals("kube-apiserver") ? "; 'kubectl get --raw /readyz' answers ok" : "") + ".";
            steps.add(new FixStep.RunbookStep(where, commands, c.equals("kube-apiserver")
                    ? "The API server's watch cache still holds resource versions newer than the store; restarting "
                            + "it rebuilds the cache from etcd as it is, and clients re-list."
                    : "The kubelet does not post a deleted mirror Pod again while the static Pod runs; moving the "
                            + "manifest out and back makes it restart " + c + " and post its mirror.",
                    verify, "Restart the static Pod " + c + " on " + where));
        }
        return new FixPlan(RollbackCodes.FIX_RESTART_CONTROL_PLANE, "Restart " + String.join(", ", components)
                + " (static Pods)", finding.id(), steps, true,
                "On " + where + ", " + String.join(", ", components) + " will stop for a short while and start "
                        + "again." + (components.contains("kube-apiserver")
                                ? " The API is unavailable meanwhile (single control plane)." : ""),
                "Nothing to undo: the manifests are back where they were. If a manifest is not back in "
                        + MANIFESTS + ", move it back.");
    }

    /**
     * The runbook for restoring a backup so that revisions keep going up: {@code etcdutl snapshot
     * restore --bump-revision N --mark-compacted}, N being the revisions clients saw beyond the
     * backup plus {@link #BUMP_MARGIN}.
     */
    static Optional<FixPlan> properRestore(Finding finding, DiagnosisInput input) {
        StoreRevisions r = StoreRevisions.of(input);
        long backupRevision = input.backup() != null ? input.backup().revision() : r.current();
        long seen = Math.max(r.seen(), r.current());
        if (backupRevision < 0 || seen < 0) {
            return Optional.empty();
        }
        long bump = bumpRevision(seen, backupRevision);
        String backupFile = input.backup() != null && input.backup().source().startsWith("backup ")
                ? input.backup().source().substring("backup ".length()) : "BACKUP.db";
        List<String> nodes = SchedulerDetector.controlPlaneNodes(input.snapshot());
        String where = nodes.isEmpty() ? "the etcd node (each member in turn)" : String.join(", ", nodes);
        String restored = "/var/lib/etcd-restored";
        List<FixStep> steps = List.of(
                new FixStep.RunbookStep(where, List.of(
                        "sudo mv " + MANIFESTS + "/kube-apiserver.yaml /etc/kubernetes/",
                        "sudo mv " + MANIFESTS + "/etcd.yaml /etc/kubernetes/",
                        "# wait until both have stopped (no output):",
                        "sudo crictl ps --name 'etcd|kube-apiserver'"),
                        "The store must not change while it is replaced, and the API server must not serve from it.",
                        "'sudo crictl ps --name etcd' prints no running container.",
                        "Stop the API server and etcd"),
                new FixStep.RunbookStep(where, List.of(
                        "sudo etcdutl snapshot restore " + backupFile + " --bump-revision " + bump
                                + " --mark-compacted --data-dir " + restored),
                        "--bump-revision " + bump + " = (" + seen + " the highest revision clients saw − "
                                + backupRevision + " the backup's revision) + " + BUMP_MARGIN + " margin, so every "
                                + "new revision is above any a client, cache or controller remembers; "
                                + "--mark-compacted makes etcd tell watchers that older revisions are gone, so "
                                + "they re-list instead of waiting for events that will never come.",
                        "'sudo etcdutl snapshot status " + backupFile + " -w table' and the restore's output "
                                + "name no error; " + restored + "/member exists.",
                        "Restore the backup with its revision bumped by " + bump),
                new FixStep.RunbookStep(where, List.of(
                        "sudo mv /var/lib/etcd /var/lib/etcd-before-restore",
                        "sudo mv " + restored + " /var/lib/etcd",
                        "sudo mv /etc/kubernetes/etcd.yaml " + MANIFESTS + "/",
                        "sudo mv /etc/kubernetes/kube-apiserver.yaml " + MANIFESTS + "/"),
                        "etcd starts from the restored data directory, then the API server builds a fresh watch cache.",
                        "'sudo etcdctl endpoint status -w table' shows a revision above " + (seen) + "; "
                                + "'kubectl get --raw /readyz' answers ok; a new capture raises no KT-ROLLBACK-001.",
                        "Start etcd and the API server on the restored data"));
        return Optional.of(new FixPlan(RollbackCodes.FIX_PROPER_RESTORE,
                "Restore the backup with --bump-revision " + bump + " --mark-compacted", finding.id(), steps, true,
                "etcd and the API server on " + where + " will be stopped and the store replaced by the backup "
                        + backupFile + " at revision " + backupRevision + " + " + bump + ". Every change since the "
                        + "backup is lost.",
                "Stop etcd, move /var/lib/etcd-before-restore back to /var/lib/etcd, start etcd and the API server."));
    }

    /** The {@code --bump-revision}: the revisions clients saw beyond the backup, plus {@link #BUMP_MARGIN}. */
    public static long bumpRevision(long seen, long backupRevision) {
        return Math.max(0, seen - backupRevision) + BUMP_MARGIN;
    }
}
