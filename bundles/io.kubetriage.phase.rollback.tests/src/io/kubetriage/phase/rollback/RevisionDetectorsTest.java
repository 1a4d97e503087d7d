package io.kubetriage.phase.rollback;

import static io.kubetriage.phase.rollback.Cluster.configMap;
import static io.kubetriage.phase.rollback.Cluster.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.RevisionInfo;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/** KT-ROLLBACK-001 and KT-ROLLBACK-002. */
class RevisionDetectorsTest {

    private final RevisionBackwardsDetector revision = new RevisionBackwardsDetector();
    private final ObjectsBackwardsDetector objects = new ObjectsBackwardsDetector();

    /** Three days ago: revision 500. */
    private static Snapshot before() {
        return Cluster.of().add(configMap("a", 400, "new"), configMap("b", 500, "x"),
                pod("shop", "web-1", 450, "web-abc", "n1", "Running", false)).etcd(500).snapshot();
    }

    /** After restoring a backup taken at 300: a is older, b is gone, a deleted Pod is back. */
    private static Snapshot restored() {
        return Cluster.of().add(configMap("a", 300, "old"), pod("shop", "web-0", 250, "web-abc", "n1", "Running", false),
                pod("shop", "web-1", 450, "web-abc", "n1", "Running", false)).etcd(310).snapshot();
    }

    @Test
    void revisionBelowTheBaselineIsAnError() {
        List<Finding> found = revision.detect(new DiagnosisInput(restored(), before(), null, null));
        assertEquals(1, found.size());
        Finding f = found.get(0);
        assertEquals("KT-ROLLBACK-001", f.code());
        assertEquals("KT-ROLLBACK-001:prod", f.id());
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.evidence().stream().anyMatch(e -> e.kind() == Evidence.Kind.ETCD_REVISION
                && e.revisions().equals(List.of(500L, 310L)) && e.detail().contains("190 revisions lower")), f.toString());
        assertTrue(f.fixIds().contains("rollback.proper-restore"));
        assertNull(f.cause());
    }

    @Test
    void storeBelowTheObjectsTheApiServerShowedIsAnError() {
        // no baseline: the API server (its watch cache) showed resourceVersion 450, etcd is at 310
        Snapshot s = Cluster.of().add(configMap("a", 450, "x")).etcd(310).snapshot();
        Finding f = revision.detect(DiagnosisInput.of(s)).get(0);
        assertTrue(f.explanation().contains("etcd serves revision 310"), f.explanation());
        Snapshot live = Cluster.of().add(configMap("a", 450, "x")).snapshot();
        assertEquals(1, revision.detect(new DiagnosisInput(live, null, null, new RevisionInfo("etcd x", 300, 0))).size());
    }

    @Test
    void aBackupNewerThanTheStoreIsAnError() {
        Snapshot s = Cluster.of().add(configMap("a", 300, "x")).etcd(310).snapshot();
        EtcdSection backup = new EtcdSection("backup /srv/etcd-2026-11-19.db", 480, 0, null, List.of());
        Finding f = revision.detect(new DiagnosisInput(s, null, backup, null)).get(0);
        assertTrue(f.evidence().stream().anyMatch(e -> e.revisions().equals(List.of(480L))));
        assertTrue(f.explanation().contains("already holds revision 480"), f.explanation());
    }

    @Test
    void aHealthyClusterRaisesNoRevisionFinding() {
        Snapshot later = Cluster.of().add(configMap("a", 600, "newer"), configMap("b", 500, "x")).etcd(650).snapshot();
        assertEquals(List.of(), revision.detect(new DiagnosisInput(later, before(), null, null)));
        assertEquals(List.of(), revision.detect(DiagnosisInput.of(before())));
        EtcdSection oldBackup = new EtcdSection("backup /b.db", 200, 0, null, List.of());
        assertEquals(List.of(), revision.detect(new DiagnosisInput(later, before(), oldBackup, null)));
        // a snapshot decoded from etcd alone: resourceVersions are mod revisions, never above the store's
        assertEquals(List.of(), revision.detect(DiagnosisInput.of(Cluster.of().add(configMap("a", 300, "x")).snapshot())));
    }

    @Test
    void objectsThatWentBackOrCameBackAreGroupedByKind() {
        List<Finding> found = objects.detect(new DiagnosisInput(restored(), before(), null, null));
        assertEquals(2, found.size(), found.toString());
        Finding backwards = found.get(0);
        assertEquals("KT-ROLLBACK-002:RESOURCE_VERSION_BACKWARDS", backwards.id());
        assertEquals(List.of(new ObjectKey("", "ConfigMap", "default", "a")), backwards.affected());
        assertEquals("resourceVersion 400 -> 300", backwards.evidence().get(0).detail());
        assertEquals("KT-ROLLBACK-001", backwards.cause());
        Finding reappeared = found.get(1);
        assertEquals("KT-ROLLBACK-002:REAPPEARED", reappeared.id());
        assertEquals(List.of(new ObjectKey("", "Pod", "shop", "web-0")), reappeared.affected());
        assertTrue(reappeared.fixIds().contains("rollback.delete-stale-pods"));
    }

    @Test
    void sameResourceVersionDifferentContentIsReported() {
        Snapshot a = Cluster.of().add(configMap("a", 400, "one")).snapshot();
        Snapshot b = Cluster.of().add(configMap("a", 400, "two")).snapshot();
        List<Finding> found = objects.detect(new DiagnosisInput(b, a, null, null));
        assertEquals(1, found.size());
        assertEquals("KT-ROLLBACK-002:SAME_RESOURCE_VERSION_DIFFERENT_CONTENT", found.get(0).id());
        assertNull(found.get(0).cause(), "the revision did not go backwards");
    }

    @Test
    void objectsMovingForwardRaiseNothing() {
        Snapshot later = Cluster.of().add(configMap("a", 600, "newer"), configMap("c", 700, "new")).snapshot();
        assertEquals(List.of(), objects.detect(new DiagnosisInput(later, before(), null, null)));
        assertEquals(List.of(), objects.detect(DiagnosisInput.of(restored())), "no baseline, nothing to compare");
    }
}
