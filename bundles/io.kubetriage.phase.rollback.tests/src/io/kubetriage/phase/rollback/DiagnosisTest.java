package io.kubetriage.phase.rollback;

import static io.kubetriage.phase.rollback.Cluster.configMap;
import static io.kubetriage.phase.rollback.Cluster.mirror;
import static io.kubetriage.phase.rollback.Cluster.node;
import static io.kubetriage.phase.rollback.Cluster.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.Diagnosis;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.snapshot.Snapshot;

/** The rollback detectors together: cause first, a failing detector, the restore runbook. */
class DiagnosisTest {

    static List<Detector> all() {
        return List.of(new ResourceVersionErrorsDetector(), new SchedulerDetector(), new RolloutMismatchDetector(),
                new ObjectsBackwardsDetector(), new RevisionBackwardsDetector());
    }

    private static Snapshot before() {
        return Cluster.of().add(node("master", true), mirror("etcd", "master", 10), mirror("kube-scheduler", "master", 11),
                mirror("kube-controller-manager", "master", 12), configMap("a", 400, "new")).etcd(500).snapshot();
    }

    private static Snapshot after() {
        return Cluster.of().add(node("master", true), mirror("etcd", "master", 10),
                mirror("kube-controller-manager", "master", 12), configMap("a", 300, "old"),
                pod("shop", "web-1", 250, "web-abc", null, "Pending", false))
                .event("shop", "e1", "FailedWatch", "too old resource version: 450 (310)", "Pod", "web-1")
                .etcd(310).snapshot();
    }

    @Test
    void theRootCauseComesFirst() {
        List<Finding> found = new Diagnosis(all()).run(new DiagnosisInput(after(), before(), null, null));
        List<String> ids = found.stream().map(Finding::id).toList();
        assertEquals("KT-ROLLBACK-001:prod", ids.get(0), ids.toString());
        for (Finding f : found) {
            if (f.cause() != null) {
                int causeAt = ids.indexOf(found.stream().filter(f::isCausedBy).findFirst().orElseThrow().id());
                assertTrue(causeAt < ids.indexOf(f.id()), f.id() + " comes after its cause in " + ids);
            }
        }
        assertTrue(ids.indexOf("KT-ROLLBACK-004:mirror/master/kube-scheduler") < ids.indexOf("KT-ROLLBACK-004:pending"));
        assertTrue(ids.containsAll(List.of("KT-ROLLBACK-002:RESOURCE_VERSION_BACKWARDS", "KT-ROLLBACK-002:REAPPEARED",
                "KT-ROLLBACK-005")), ids.toString());
    }

    @Test
    void aHealthyClusterRaisesNothing() {
        Snapshot later = Cluster.of().add(node("master", true), mirror("etcd", "master", 10),
                mirror("kube-scheduler", "master", 11), mirror("kube-controller-manager", "master", 12),
                configMap("a", 600, "newer"), pod("shop", "web-1", 610, "web-abc", "master", "Running", false))
                .etcd(650).snapshot();
        assertEquals(List.of(), new Diagnosis(all()).run(new DiagnosisInput(later, before(), null, null)));
    }

    @Test
    void aBrokenDetectorDoesNotStopTheOthers() {
        Detector broken = new Detector() {
            @Override
            public String phase() {
                return "test";
            }

            @Override
            public List<String> codes() {
                return List.of();
            }

            @Override
            public List<Finding> detect(DiagnosisInput input) {
                throw new IllegalStateException("boom");
            }
        };
        List<Detector> detectors = new java.util.ArrayList<>(List.of(broken));
        detectors.addAll(all());
        List<Finding> found = new Diagnosis(detectors).run(new DiagnosisInput(after(), before(), null, null));
        Finding internal = found.stream().filter(f -> f.code().equals("KT-INTERNAL-001")).findFirst().orElseThrow();
        assertEquals(Severity.INFO, internal.severity());
        assertTrue(internal.title().contains(broken.getClass().getName()), internal.title());
        assertTrue(internal.evidence().get(0).detail().contains("IllegalStateException: boom"));
        assertTrue(found.stream().anyMatch(f -> f.code().equals("KT-ROLLBACK-001")));
        assertEquals("KT-INTERNAL-001", found.get(found.size() - 1).code(), "INFO after the errors");
    }

    @Test
    void causesNamedByIdOrCodeAndCyclesAreOrdered() {
        Finding root = finding("A", "C-1", null, Severity.WARNING);
        Finding child = finding("B", "C-2", "C-1", Severity.ERROR);
        Finding grandchild = finding("C", "C-3", "B", Severity.ERROR);
        Finding other = finding("D", "C-4", null, Severity.ERROR);
        assertEquals(List.of("D", "A", "B", "C"), Diagnosis.causeFirst(List.of(grandchild, child, root, other))
                .stream().map(Finding::id).toList());
        Finding x = finding("X", "C-5", "Y", Severity.ERROR);
        Finding y = finding("Y", "C-6", "X", Severity.ERROR);
        assertEquals(List.of("D", "X", "Y"), Diagnosis.causeFirst(List.of(x, y, other)).stream().map(Finding::id)
                .toList());
    }

    @Test
    void aCauseFromAnotherPhaseStandsOnlyWhenThatFindingWasMade() {
        Detector routing = new Detector() {
            @Override
            public String phase() {
                return "routing";
            }

            @Override
            public List<String> codes() {
                return List.of("KT-TEST-006");
            }

            @Override
            public List<Finding> detect(DiagnosisInput input) {
                return List.of(finding("KT-TEST-006:n1", "KT-TEST-006", RollbackCodes.REVISION_BACKWARDS,
                        Severity.ERROR));
            }
        };
        List<Finding> withRestore = new Diagnosis(List.of(routing, new RevisionBackwardsDetector()))
                .run(new DiagnosisInput(after(), before(), null, null));
        assertEquals(List.of(RollbackCodes.REVISION_BACKWARDS, "KT-TEST-006"),
                withRestore.stream().map(Finding::code).toList(), "the restore first, then what it caused");
        assertEquals(RollbackCodes.REVISION_BACKWARDS, withRestore.get(1).cause());

        List<Finding> alone = new Diagnosis(List.of(routing, new RevisionBackwardsDetector()))
                .run(DiagnosisInput.of(before()));
        assertEquals(List.of("KT-TEST-006:n1"), alone.stream().map(Finding::id).toList());
        assertEquals(null, alone.get(0).cause(), "no finding of the run is named as its cause");
    }

    private static Finding finding(String id, String code, String cause, Severity severity) {
        return new Finding(id, code, severity, id, "", List.of(), List.of(), cause, List.of());
    }

    @Test
    void theProperRestoreBumpsByTheRevisionsClientsSawPlusAMargin() {
        EtcdSection backup = new EtcdSection("backup /srv/etcd-2026-11-19.db", 300, 0, null, List.of());
        DiagnosisInput input = new DiagnosisInput(after(), before(), backup, null);
        Finding f = new RevisionBackwardsDetector().detect(input).get(0);
        FixPlan plan = new RollbackFixes().plan("rollback.proper-restore", f, input).orElseThrow();
        long bump = 500 - 300 + RollbackFixes.BUMP_MARGIN;
        FixStep.RunbookStep restore = (FixStep.RunbookStep) plan.steps().get(1);
        assertEquals("sudo etcdutl snapshot restore /srv/etcd-2026-11-19.db --bump-revision " + bump
                + " --mark-compacted --data-dir /var/lib/etcd-restored", restore.commands().get(0));
        assertTrue(restore.why().contains("(500 the highest revision clients saw − 300 the backup's revision)"),
                restore.why());
        assertEquals(3, plan.steps().size());
        assertTrue(new RollbackFixes().plan("rollback.rollout-undo", f, input).isEmpty(), "not a fix of this finding");
    }

    @Test
    void deleteStalePodsLeavesBarePodsAlone() {
        Snapshot s = Cluster.of().add(pod("shop", "web-0", 250, "web-abc", "n1", "Running", false),
                pod("shop", "bare", 251, null, "n1", "Running", false)).snapshot();
        Finding f = new Finding("KT-ROLLBACK-002:REAPPEARED", "KT-ROLLBACK-002", Severity.ERROR, "t", "", List.of(),
                s.objects().stream().map(o -> o.key()).toList(), null, List.of("rollback.delete-stale-pods"));
        FixPlan plan = new RollbackFixes().plan("rollback.delete-stale-pods", f, DiagnosisInput.of(s)).orElseThrow();
        assertEquals(1, plan.steps().size());
        FixStep.ApiStep step = (FixStep.ApiStep) plan.steps().get(0);
        assertEquals(FixStep.Operation.DELETE, step.operation());
        assertEquals("web-0", step.target().name());
        assertEquals("250", step.resourceVersion());
        assertTrue(plan.confirmation().contains("shop/bare"));
    }
}
