package io.kubetriage.phase.rollback;

import static io.kubetriage.phase.rollback.Cluster.mirror;
import static io.kubetriage.phase.rollback.Cluster.node;
import static io.kubetriage.phase.rollback.Cluster.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/** KT-ROLLBACK-004, KT-ROLLBACK-005 and the restart-control-plane runbook. */
class SchedulerAndEventsTest {

    private final SchedulerDetector scheduler = new SchedulerDetector();
    private final ResourceVersionErrorsDetector events = new ResourceVersionErrorsDetector();

    private static Cluster controlPlane() {
        return Cluster.of().add(node("master", true), node("worker", false), mirror("etcd", "master", 10),
                mirror("kube-apiserver", "master", 11), mirror("kube-controller-manager", "master", 12));
    }

    @Test
    void aMissingSchedulerMirrorAndPendingPodsAreFoundCauseFirst() {
        Snapshot s = controlPlane().add(pod("shop", "web-1", 50, "web-abc", null, "Pending", false),
                pod("shop", "web-2", 51, "web-abc", "worker", "Running", false)).snapshot();
        List<Finding> found = scheduler.detect(DiagnosisInput.of(s));
        assertEquals(2, found.size(), found.toString());
        Finding mirror = found.get(0);
        assertEquals("KT-ROLLBACK-004:mirror/master/kube-scheduler", mirror.id());
        assertEquals(Severity.WARNING, mirror.severity());
        assertEquals(List.of(new ObjectKey("", "Pod", "kube-system", "kube-scheduler-master")), mirror.affected());
        Finding pending = found.get(1);
        assertEquals("KT-ROLLBACK-004:pending", pending.id());
        assertEquals(Severity.ERROR, pending.severity());
        assertEquals(mirror.id(), pending.cause());
        assertEquals(List.of(new ObjectKey("", "Pod", "shop", "web-1")), pending.affected());

        FixPlan plan = new RollbackFixes().plan("rollback.restart-control-plane", mirror, DiagnosisInput.of(s))
                .orElseThrow();
        FixStep.RunbookStep step = (FixStep.RunbookStep) plan.steps().get(0);
        assertEquals("master", step.node());
        assertEquals("sudo mv /etc/kubernetes/manifests/kube-scheduler.yaml /etc/kubernetes/kube-scheduler.yaml",
                step.commands().get(0));
        assertEquals("sudo mv /etc/kubernetes/kube-scheduler.yaml /etc/kubernetes/manifests/kube-scheduler.yaml",
                step.commands().get(step.commands().size() - 1));
        assertTrue(step.verify().contains("component=kube-scheduler"));
    }

    @Test
    void aRunningSchedulerOrAClusterWithoutStaticPodsRaisesNothing() {
        Snapshot healthy = controlPlane().add(mirror("kube-scheduler", "master", 13),
                pod("shop", "web-1", 50, "web-abc", "worker", "Running", false),
                pod("shop", "big", 52, "big-abc", null, "Pending", true)).snapshot();
        assertEquals(List.of(), scheduler.detect(DiagnosisInput.of(healthy)));
        // a managed or k3s-like control plane: no static Pods, no scheduler Pod, Pods get scheduled
        Snapshot managed = Cluster.of().add(node("server", true),
                pod("shop", "web-1", 50, "web-abc", "server", "Running", false),
                pod("shop", "big", 52, "big-abc", null, "Pending", true)).snapshot();
        assertEquals(List.of(), scheduler.detect(DiagnosisInput.of(managed)));
    }

    @Test
    void resourceVersionErrorsInEventsAreFound() {
        Snapshot s = Cluster.of().event("shop", "e1", "FailedWatch",
                "watch of *v1.Pod ended with: too old resource version: 450 (310)", "Pod", "web-1")
                .event("shop", "e2", "Scheduled", "Successfully assigned shop/web-1 to worker", "Pod", "web-1")
                .event("kube-system", "e3", "Error", "Timeout: Too large resource version: 500, current: 310", "Pod",
                        "kube-proxy-x")
                .snapshot();
        List<Finding> found = events.detect(DiagnosisInput.of(s));
        assertEquals(1, found.size());
        Finding f = found.get(0);
        assertEquals("KT-ROLLBACK-005", f.id());
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(2, f.evidence().size());
        assertEquals(Evidence.Kind.EVENT, f.evidence().get(0).kind());
        assertEquals(List.of(new ObjectKey("", "Pod", "shop", "web-1"), new ObjectKey("", "Pod", "kube-system",
                "kube-proxy-x")), f.affected());
    }

    @Test
    void ordinaryEventsRaiseNothing() {
        Snapshot s = Cluster.of().event("shop", "e2", "Scheduled", "Successfully assigned shop/web-1 to worker", "Pod",
                "web-1").snapshot();
        assertEquals(List.of(), events.detect(DiagnosisInput.of(s)));
    }
}
