package io.kubetriage.phase.rollback;

import static io.kubetriage.phase.rollback.Cluster.deployment;
import static io.kubetriage.phase.rollback.Cluster.replicaSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/** KT-ROLLBACK-003, the rollout history and the rollout-undo plan. */
class RolloutTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectKey WEB = new ObjectKey("apps", "Deployment", "shop", "web");
    private final RolloutMismatchDetector detector = new RolloutMismatchDetector();

    private static Snapshot healthy() {
        return Cluster.of().add(deployment("web", 900, 3, "web:3"), replicaSet("web", "aaa", 100, 1, "web:1", 0, true),
                replicaSet("web", "bbb", 200, 2, "web:2", 0, true), replicaSet("web", "ccc", 300, 3, "web:3", 2, true))
                .snapshot();
    }

    @Test
    void aHealthyDeploymentRaisesNothing() {
        assertEquals(List.of(), detector.detect(DiagnosisInput.of(healthy())));
        // owner references lost: found by name and selector, still healthy
        Snapshot unowned = Cluster.of().add(deployment("web", 900, 2, "web:2"),
                replicaSet("web", "aaa", 100, 1, "web:1", 0, false), replicaSet("web", "bbb", 200, 2, "web:2", 2, false))
                .snapshot();
        assertEquals(List.of(), detector.detect(DiagnosisInput.of(unowned)));
    }

    @Test
    void duplicateRevisionsAreFound() {
        Snapshot s = Cluster.of().add(deployment("web", 900, 3, "web:3"),
                replicaSet("web", "aaa", 100, 3, "web:1", 0, true), replicaSet("web", "ccc", 300, 3, "web:3", 2, true))
                .snapshot();
        Finding f = detector.detect(DiagnosisInput.of(s)).get(0);
        assertEquals("KT-ROLLBACK-003:shop/web", f.id());
        assertTrue(f.explanation().contains("2 ReplicaSets carry revision 3 (web-aaa, web-ccc)"), f.explanation());
        assertEquals(List.of("rollback.rollout-undo"), f.fixIds());
        assertEquals(WEB, f.affected().get(0));
        assertNull(f.cause());
    }

    @Test
    void aDeploymentBehindItsNewestReplicaSetIsFound() {
        // etcd went back: the Deployment says 2 and runs web:2's template, a ReplicaSet of revision 3 exists
        Snapshot s = Cluster.of().add(deployment("web", 150, 2, "web:2"),
                replicaSet("web", "bbb", 120, 2, "web:2", 2, true), replicaSet("web", "ccc", 300, 3, "web:3", 0, true))
                .etcd(200).snapshot();
        Finding f = detector.detect(DiagnosisInput.of(s)).get(0);
        assertTrue(f.explanation().contains("the Deployment says revision 2 but its newest ReplicaSet has 3"),
                f.explanation());
        assertEquals("KT-ROLLBACK-001", f.cause(), "the API server showed resourceVersion 300, etcd is at 200");
    }

    @Test
    void aTemplateMatchingNoReplicaSetIsFound() {
        Snapshot s = Cluster.of().add(deployment("web", 900, 2, "web:9"),
                replicaSet("web", "aaa", 100, 1, "web:1", 0, true), replicaSet("web", "bbb", 200, 2, "web:2", 2, true))
                .snapshot();
        Finding f = detector.detect(DiagnosisInput.of(s)).get(0);
        assertTrue(f.explanation().contains("matches none of its 2 ReplicaSets"), f.explanation());
    }

    @Test
    void historyListsTheReplicaSetsByRevision() {
        List<RolloutHistory.Revision> h = RolloutHistory.of(healthy(), WEB);
        assertEquals(List.of(1L, 2L, 3L), h.stream().map(RolloutHistory.Revision::revision).toList());
        RolloutHistory.Revision r2 = h.get(1);
        assertEquals(List.of("web:2"), r2.images());
        assertEquals("image web:2", r2.changeCause());
        assertEquals("2026-11-02T00:00:00Z", r2.created());
        assertEquals(0, r2.replicas());
        assertFalse(r2.templateJson().contains("pod-template-hash"));
        assertEquals(List.of(), RolloutHistory.of(healthy(), new ObjectKey("apps", "Deployment", "shop", "nope")));
    }

    @Test
    void rolloutUndoPatchesTheTemplateOfTheChosenRevision() throws Exception {
        Snapshot s = Cluster.of().add(deployment("web", 900, 2, "web:9"),
                replicaSet("web", "aaa", 100, 1, "web:1", 0, true), replicaSet("web", "bbb", 200, 2, "web:2", 2, true))
                .snapshot();
        DiagnosisInput input = DiagnosisInput.of(s);
        Finding f = detector.detect(input).get(0);
        FixPlan plan = new RollbackFixes().plan("rollback.rollout-undo", f, input).orElseThrow();
        assertEquals(f.id(), plan.findingId());
        assertTrue(plan.mutatesCluster());
        assertTrue(plan.confirmation().contains("kubectl rollout undo deployment/web -n shop --to-revision=2"),
                plan.confirmation());
        FixStep.ApiStep step = (FixStep.ApiStep) plan.steps().get(0);
        assertEquals(FixStep.Operation.PATCH, step.operation());
        assertEquals(WEB, step.target());
        assertEquals("900", step.resourceVersion());
        assertEquals("application/json-patch+json", step.patchType());
        JsonNode patch = JSON.readTree(step.patch());
        assertEquals("/spec/template", patch.get(0).get("path").asText());
        assertEquals("web:2", patch.get(0).at("/value/spec/containers/0/image").asText());
        assertTrue(patch.get(0).at("/value/metadata/labels/pod-template-hash").isMissingNode());
        assertEquals("/metadata/annotations", patch.get(1).get("path").asText());
        assertEquals("2", patch.get(1).at("/value/deployment.kubernetes.io~1revision").asText(),
                "the Deployment's own revision annotation is kept, as kubectl does");
        assertEquals("image web:2", patch.get(1).at("/value/kubernetes.io~1change-cause").asText());
        assertEquals("web:9", JSON.readTree(step.beforeJson()).at("/spec/template/spec/containers/0/image").asText());
        assertEquals("web:2", JSON.readTree(step.afterJson()).at("/spec/template/spec/containers/0/image").asText());

        FixPlan one = RollbackFixes.rolloutUndo(f, input, 1).orElseThrow();
        assertTrue(one.title().endsWith("to revision 1"), one.title());
        assertTrue(RollbackFixes.rolloutUndo(f, input, 7).isEmpty(), "no such revision");
    }

    @Test
    void rolloutUndoWithoutAnExplicitRevisionGoesToThePreviousOneLikeKubectl() {
        DiagnosisInput input = DiagnosisInput.of(healthy());
        Finding f = new Finding("x", "KT-ROLLBACK-003", io.kubetriage.core.diagnosis.Severity.ERROR, "t", "", List.of(),
                List.of(WEB), null, List.of("rollback.rollout-undo"));
        FixPlan plan = new RollbackFixes().plan("rollback.rollout-undo", f, input).orElseThrow();
        assertTrue(plan.title().endsWith("to revision 2"), plan.title());
    }
}
