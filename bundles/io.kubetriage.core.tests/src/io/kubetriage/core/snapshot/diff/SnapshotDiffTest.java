package io.kubetriage.core.snapshot.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ChangeKind;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.store.Fixtures;
import io.kubetriage.core.snapshot.store.ObjectJson;

class SnapshotDiffTest {

    private static Snapshot snap(ApiObject... objects) {
        return Fixtures.snapshot("s", List.of(objects));
    }

    private static ObjectChange only(List<ObjectChange> changes) {
        assertEquals(1, changes.size(), changes.toString());
        return changes.get(0);
    }

    /** A Deployment whose fields are given as JSON members after metadata. */
    private static ApiObject deploy(String uid, long rv, String metadataExtra, String rest) {
        return ObjectJson.fromJson("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
                + "\"namespace\":\"shop\",\"uid\":\"" + uid + "\",\"resourceVersion\":\"" + rv + "\""
                + metadataExtra + "}," + rest + "}");
    }

    @Test
    void identicalSnapshotsHaveNoDifferences() {
        Snapshot a = snap(Fixtures.pod("ns", "a", "u1", 10, "img:1"), Fixtures.deployment("ns", "d", "u2", 11, 2));
        Snapshot b = snap(Fixtures.pod("ns", "a", "u1", 10, "img:1"), Fixtures.deployment("ns", "d", "u2", 11, 2));

        assertEquals(List.of(), SnapshotDiff.compare(a, b, DiffOptions.NOISE_HIDDEN));
        assertEquals(List.of(), SnapshotDiff.compare(a, b, DiffOptions.EXACT));
        assertEquals(List.of(), SnapshotDiff.compare(snap(), snap(), DiffOptions.EXACT));
    }

    @Test
    void changedSpecIsChanged() {
        ApiObject before = Fixtures.pod("ns", "a", "u1", 10, "img:1");
        ApiObject after = Fixtures.pod("ns", "a", "u1", 12, "img:2");

        ObjectChange c = only(SnapshotDiff.compare(snap(before), snap(after), DiffOptions.NOISE_HIDDEN));

        assertEquals(ChangeKind.CHANGED, c.kind());
        assertEquals(before.key(), c.key());
        assertSame(before, c.before());
        assertSame(after, c.after());
        assertFalse(c.uidChanged());
    }

    @Test
    void addedAndReappearedDependOnTheHighestResourceVersionBefore() {
        Snapshot before = snap(Fixtures.pod("ns", "a", "u1", 100, "img"));
        ApiObject fresh = Fixtures.pod("ns", "b", "u2", 101, "img");
        ApiObject old = Fixtures.pod("ns", "c", "u3", 100, "img");

        List<ObjectChange> changes = SnapshotDiff.compare(before,
                snap(Fixtures.pod("ns", "a", "u1", 100, "img"), fresh, old), DiffOptions.NOISE_HIDDEN);

        assertEquals(2, changes.size(), changes.toString());
        assertEquals(ChangeKind.ADDED, changes.get(0).kind());
        assertSame(fresh, changes.get(0).after());
        assertNull(changes.get(0).before());
        assertEquals(ChangeKind.REAPPEARED, changes.get(1).kind());
        assertSame(old, changes.get(1).after());
    }

    @Test
    void objectWithoutNumericResourceVersionIsAdded() {
        ApiObject noRv = ObjectJson.fromJson("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\"}}");
        assertEquals(ChangeKind.ADDED, only(SnapshotDiff.compare(snap(Fixtures.pod("ns", "a", "u", 5, "i")),
                snap(Fixtures.pod("ns", "a", "u", 5, "i"), noRv), DiffOptions.EXACT)).kind());
    }

    @Test
    void removed() {
        ApiObject gone = Fixtures.pod("ns", "a", "u1", 10, "img");

        ObjectChange c = only(SnapshotDiff.compare(snap(gone), snap(), DiffOptions.NOISE_HIDDEN));

        assertEquals(ChangeKind.REMOVED, c.kind());
        assertSame(gone, c.before());
        assertNull(c.after());
    }

    @Test
    void resourceVersionBackwardsIsReportedEvenWhenOnlyNoiseDiffers() {
        ApiObject before = deploy("u", 500, "", "\"spec\":{\"replicas\":2},\"status\":{\"replicas\":2}");
        ApiObject after = deploy("u", 300, "", "\"spec\":{\"replicas\":2},\"status\":{\"replicas\":1}");

        assertEquals(ChangeKind.RESOURCE_VERSION_BACKWARDS,
                only(SnapshotDiff.compare(snap(before), snap(after), DiffOptions.NOISE_HIDDEN)).kind());
        assertEquals(ChangeKind.RESOURCE_VERSION_BACKWARDS,
                only(SnapshotDiff.compare(snap(before), snap(after), DiffOptions.EXACT)).kind());
    }

    @Test
    void sameResourceVersionDifferentContent() {
        ApiObject before = deploy("u", 500, "", "\"spec\":{\"replicas\":2}");
        ApiObject after = deploy("u", 500, "", "\"spec\":{\"replicas\":5}");

        assertEquals(ChangeKind.SAME_RESOURCE_VERSION_DIFFERENT_CONTENT,
                only(SnapshotDiff.compare(snap(before), snap(after), DiffOptions.NOISE_HIDDEN)).kind());
    }

    @Test
    void recreatedWhenTheUidChanges() {
        ApiObject before = Fixtures.pod("ns", "a", "old-uid", 900, "img");
        ApiObject after = Fixtures.pod("ns", "a", "new-uid", 10, "img");

        ObjectChange c = only(SnapshotDiff.compare(snap(before), snap(after), DiffOptions.NOISE_HIDDEN));

        assertEquals(ChangeKind.RECREATED, c.kind(), "UID before the resourceVersion rule");
        assertTrue(c.uidChanged());
    }

    @Test
    void noiseIsHiddenByDefaultAndShownExactly() {
        ApiObject before = deploy("u", 500, ",\"generation\":3,\"creationTimestamp\":\"2024-01-01T00:00:00Z\","
                + "\"annotations\":{\"lastTimestamp\":\"kept\"}",
                "\"spec\":{\"replicas\":2},\"status\":{\"observedGeneration\":3,\"conditions\":[{\"type\":\"Ready\","
                        + "\"observedGeneration\":3,\"lastTransitionTime\":\"2024-01-01T00:00:00Z\"}]}");
        ApiObject after = deploy("u", 600, ",\"generation\":4,\"creationTimestamp\":\"2024-01-01T00:00:00Z\","
                + "\"annotations\":{\"lastTimestamp\":\"kept\"}",
                "\"spec\":{\"replicas\":2},\"status\":{\"observedGeneration\":4,\"conditions\":[{\"type\":\"Ready\","
                        + "\"observedGeneration\":4,\"lastTransitionTime\":\"2024-02-02T00:00:00Z\"}]}");

        assertEquals(List.of(), SnapshotDiff.compare(snap(before), snap(after), DiffOptions.NOISE_HIDDEN));
        assertEquals(ChangeKind.CHANGED, only(SnapshotDiff.compare(snap(before), snap(after), DiffOptions.EXACT)).kind());
        // Generation alone, with status kept: the timestamps are hidden, the generation is not.
        DiffOptions keepGeneration = new DiffOptions(false, true, true, false);
        assertEquals(1, SnapshotDiff.compare(snap(before), snap(after), keepGeneration).size());
        DiffOptions keepStatusHideRest = new DiffOptions(false, true, true, true);
        assertEquals(List.of(), SnapshotDiff.compare(snap(before), snap(after), keepStatusHideRest));
    }

    @Test
    void eachNoiseOptionHidesOnlyItsFields() {
        String meta = ",\"creationTimestamp\":\"2024-01-01T00:00:00Z\"";
        ApiObject base = deploy("u", 500, meta, "\"spec\":{\"replicas\":2},\"status\":{\"replicas\":2}");
        ApiObject statusOnly = deploy("u", 501, meta, "\"spec\":{\"replicas\":2},\"status\":{\"replicas\":3}");
        ApiObject created = deploy("u", 501, ",\"creationTimestamp\":\"2025-01-01T00:00:00Z\"",
                "\"spec\":{\"replicas\":2},\"status\":{\"replicas\":2}");
        ApiObject labelTime = deploy("u", 501, meta + ",\"labels\":{\"eventTime\":\"b\"}",
                "\"spec\":{\"replicas\":2},\"status\":{\"replicas\":2}");
        ApiObject reordered = ObjectJson.fromJson("{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"spec\":"
                + "{\"replicas\":2},\"status\":{\"replicas\":2},\"metadata\":{\"resourceVersion\":\"500\",\"uid\":\"u\","
                + "\"namespace\":\"shop\",\"name\":\"web\",\"creationTimestamp\":\"2024-01-01T00:00:00Z\"}}");

        assertEquals(List.of(), SnapshotDiff.compare(snap(base), snap(statusOnly), DiffOptions.NOISE_HIDDEN));
        assertEquals(1, SnapshotDiff.compare(snap(base), snap(statusOnly), new DiffOptions(false, true, true, true))
                .size());
        assertEquals(1, SnapshotDiff.compare(snap(base), snap(created), DiffOptions.NOISE_HIDDEN).size(),
                "creationTimestamp is kept");
        assertEquals(1, SnapshotDiff.compare(snap(base), snap(labelTime), DiffOptions.NOISE_HIDDEN).size(),
                "labels are kept");
        assertEquals(List.of(), SnapshotDiff.compare(snap(base), snap(reordered), DiffOptions.EXACT),
                "field order is not content");
    }

    @Test
    void changesComeInKeyOrder() {
        Snapshot before = snap(Fixtures.pod("b", "x", "u1", 1, "i"), Fixtures.pod("d", "x", "u2", 2, "i"),
                Fixtures.deployment("a", "x", "u3", 3, 1));
        Snapshot after = snap(Fixtures.pod("a", "x", "u4", 10, "i"), Fixtures.pod("d", "x", "u2", 11, "j"),
                Fixtures.pod("c", "x", "u5", 12, "i"));

        List<ObjectChange> changes = SnapshotDiff.compare(before, after, DiffOptions.NOISE_HIDDEN);

        assertEquals(List.of("Pod a/x", "Pod b/x", "Pod c/x", "Pod d/x", "Deployment.apps a/x"),
                changes.stream().map(c -> c.key().toString()).toList());
        assertEquals(List.of(ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.ADDED, ChangeKind.CHANGED,
                ChangeKind.REMOVED), changes.stream().map(ObjectChange::kind).toList());
    }
}
