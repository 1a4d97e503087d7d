package io.kubetriage.phase.rollback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

/**
 * KT-ROLLBACK-003: a Deployment whose revision disagrees with its ReplicaSets: two ReplicaSets with
 * one revision, the Deployment's revision below (or above) its newest ReplicaSet's, or its pod
 * template (the {@code pod-template-hash} aside) matching no ReplicaSet. One finding per Deployment.
 */
public final class RolloutMismatchDetector implements Detector {

    @Override
    public String phase() {
        return RollbackCodes.PHASE;
    }

    @Override
    public List<String> codes() {
        return List.of(RollbackCodes.ROLLOUT_MISMATCH);
    }

    @Override
    public List<FindingCatalog.Entry> catalog() {
        return List.of(RollbackCodes.ROLLOUT_MISMATCH_ENTRY);
    }

    @Override
    public List<Finding> detect(DiagnosisInput input) {
        String cause = null;
        boolean causeKnown = false;
        List<Finding> findings = new ArrayList<>();
        for (ApiObject d : KubeObjects.ofKind(input.snapshot(), "apps", "Deployment")) {
            List<ApiObject> sets = RolloutHistory.replicaSets(input.snapshot(), d);
            if (sets.isEmpty()) {
                continue;
            }
            JsonNode dn = KubeObjects.tree(d);
            long deploymentRevision = K8s.longAnnotation(dn, K8s.REVISION);
            JsonNode template = K8s.templateWithoutHash(KubeObjects.at(dn, "spec", "template"));
            List<Evidence> evidence = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            Map<Long, List<ObjectKey>> byRevision = new HashMap<>();
            long newest = -1;
            boolean templateMatches = false;
            for (ApiObject rs : sets) {
                JsonNode rn = KubeObjects.tree(rs);
                long revision = K8s.longAnnotation(rn, K8s.REVISION);
                boolean same = template.equals(K8s.templateWithoutHash(KubeObjects.at(rn, "spec", "template")));
                templateMatches |= same;
                newest = Math.max(newest, revision);
                if (revision >= 0) {
                    byRevision.computeIfAbsent(revision, r -> new ArrayList<>()).add(rs.key());
                }
                evidence.add(Evidence.object(rs.key(), "ReplicaSet", "revision " + (revision < 0 ? "none" : revision)
                        + ", " + KubeObjects.at(rn, "spec", "replicas").asInt(0) + " replicas"
                        + (same ? ", template matches the Deployment's" : "")));
            }
            evidence.add(0, Evidence.object(d.key(), "Deployment", "revision "
                    + (deploymentRevision < 0 ? "none" : deploymentRevision) + ", resourceVersion "
                    + d.resourceVersion()));
            byRevision.forEach((revision, keys) -> {
                if (keys.size() > 1) {
                    problems.add(keys.size() + " ReplicaSets carry revision " + revision + " ("
                            + String.join(", ", keys.stream().map(ObjectKey::name).sorted().toList()) + ")");
                }
            });
            if (deploymentRevision >= 0 && newest >= 0 && deploymentRevision < newest) {
                problems.add("the Deployment says revision " + deploymentRevision + " but its newest ReplicaSet has "
                        + newest);
            } else if (deploymentRevision > newest && newest >= 0) {
                problems.add("the Deployment says revision " + deploymentRevision
                        + " but no ReplicaSet has it (the newest has " + newest + ")");
            }
            if (!templateMatches) {
                problems.add("the Deployment's pod template matches none of its " + sets.size() + " ReplicaSets");
            }
            if (problems.isEmpty()) {
                continue;
            }
            if (!causeKnown) {
                cause = RollbackCodes.rollbackCause(input);
                causeKnown = true;
            }
            List<ObjectKey> affected = new ArrayList<>();
            affected.add(d.key());
            sets.forEach(rs -> affected.add(rs.key()));
            String subject = d.key().namespace() + "/" + d.key().name();
            findings.add(new Finding(Finding.id(RollbackCodes.ROLLOUT_MISMATCH, subject),
                    RollbackCodes.ROLLOUT_MISMATCH, Severity.ERROR,
                    "Deployment " + subject + ": revisions disagree with its ReplicaSets",
                    String.join("; ", problems) + ". The rollout history no longer fits the ReplicaSets, as when "
                            + "an old etcd state came back: 'kubectl rollout history' misleads and the controller "
                            + "may roll out the wrong version. Roll the Deployment to the revision it should run "
                            + "('kubectl rollout undo deployment/" + d.key().name() + " --to-revision=N').",
                    evidence, affected, cause, List.of(RollbackCodes.FIX_ROLLOUT_UNDO)));
        }
        return findings;
    }
}
