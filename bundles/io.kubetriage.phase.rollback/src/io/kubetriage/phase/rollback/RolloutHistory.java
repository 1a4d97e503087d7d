package io.kubetriage.phase.rollback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.KubeObjects;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * The rollout history of a Deployment as {@code kubectl rollout history} builds it: one revision per
 * ReplicaSet the Deployment owns, read from the ReplicaSet's {@code deployment.kubernetes.io/revision}.
 */
public final class RolloutHistory {

    /**
     * One revision.
     *
     * @param revision     the ReplicaSet's revision annotation, or -1 when it has none
     * @param replicaSet   the ReplicaSet
     * @param images       the images of its pod template
     * @param changeCause  its {@code kubernetes.io/change-cause}, or null
     * @param created      its {@code metadata.creationTimestamp} as written, or null
     * @param replicas     its {@code spec.replicas}
     * @param templateJson its pod template without the {@code pod-template-hash} label, as compact JSON
     */
    public record Revision(long revision, ObjectKey replicaSet, List<String> images, String changeCause,
            String created, int replicas, String templateJson) {

        public Revision {
            images = List.copyOf(images);
        }
    }

    private RolloutHistory() {
    }

    /** The revisions of a Deployment, lowest first; empty when the snapshot has no such Deployment. */
    public static List<Revision> of(Snapshot snapshot, ObjectKey deployment) {
        Optional<ApiObject> d = snapshot.object(deployment);
        if (d.isEmpty()) {
            return List.of();
        }
        List<Revision> result = new ArrayList<>();
        for (ApiObject rs : replicaSets(snapshot, d.get())) {
            JsonNode n = KubeObjects.tree(rs);
            JsonNode template = K8s.templateWithoutHash(KubeObjects.at(n, "spec", "template"));
            result.add(new Revision(K8s.longAnnotation(n, K8s.REVISION), rs.key(), K8s.images(template),
                    K8s.annotation(n, K8s.CHANGE_CAUSE), K8s.text(n, "metadata", "creationTimestamp"),
                    KubeObjects.at(n, "spec", "replicas").asInt(0), K8s.compact(template)));
        }
        result.sort(Comparator.comparingLong(Revision::revision).thenComparing(r -> r.replicaSet().name()));
        return List.copyOf(result);
    }

    /**
     * The ReplicaSets of a Deployment: those whose ownerReferences name its UID; when none does (UIDs
     * unknown or owner references lost), those in its namespace named {@code <deployment>-<hash>}
     * whose selector equals the Deployment's (the {@code pod-template-hash} aside).
     */
    static List<ApiObject> replicaSets(Snapshot snapshot, ApiObject deployment) {
        List<ApiObject> all = KubeObjects.ofKind(snapshot, "apps", "ReplicaSet").stream()
                .filter(rs -> rs.key().namespace().equals(deployment.key().namespace())).toList();
        List<ApiObject> owned = all.stream().filter(rs -> K8s.ownedBy(KubeObjects.tree(rs), "Deployment", deployment.uid()))
                .toList();
        if (!owned.isEmpty()) {
            return owned;
        }
        JsonNode selector = KubeObjects.at(KubeObjects.tree(deployment), "spec", "selector", "matchLabels");
        String prefix = deployment.key().name() + "-";
        return all.stream().filter(rs -> rs.key().name().startsWith(prefix)
                && !rs.key().name().substring(prefix.length()).contains("-")
                && K8s.matchLabelsEqual(selector, KubeObjects.at(KubeObjects.tree(rs), "spec", "selector", "matchLabels")))
                .toList();
    }
}
