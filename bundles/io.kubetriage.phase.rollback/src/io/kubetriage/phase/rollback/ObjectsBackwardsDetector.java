package io.kubetriage.phase.rollback;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FindingCatalog;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ChangeKind;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.diff.DiffOptions;
import io.kubetriage.core.snapshot.diff.ObjectChange;
import io.kubetriage.core.snapshot.diff.SnapshotDiff;

/**
 * KT-ROLLBACK-002: compared with the baseline, objects whose resourceVersion went backwards, that
 * reappeared after deletion, or that changed under the same resourceVersion. One finding per kind.
 */
public final class ObjectsBackwardsDetector implements Detector {

    private static final List<ChangeKind> KINDS = List.of(ChangeKind.RESOURCE_VERSION_BACKWARDS, ChangeKind.REAPPEARED,
            ChangeKind.SAME_RESOURCE_VERSION_DIFFERENT_CONTENT);

    @Override
    public String phase() {
        return RollbackCodes.PHASE;
    }

    @Override
    public List<String> codes() {
        return List.of(RollbackCodes.OBJECTS_BACKWARDS);
    }

    @Override
    public List<FindingCatalog.Entry> catalog() {
        return List.of(RollbackCodes.OBJECTS_BACKWARDS_ENTRY);
    }

    @Override
    public List<Finding> detect(DiagnosisInput input) {
        if (input.baseline() == null) {
            return List.of();
        }
        Map<ChangeKind, List<ObjectChange>> groups = new EnumMap<>(ChangeKind.class);
        for (ObjectChange c : SnapshotDiff.compare(input.baseline(), input.snapshot(), DiffOptions.NOISE_HIDDEN)) {
            if (KINDS.contains(c.kind())) {
                groups.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c);
            }
        }
        String cause = RollbackCodes.rollbackCause(input);
        List<Finding> findings = new ArrayList<>();
        for (ChangeKind kind : KINDS) {
            List<ObjectChange> changes = groups.get(kind);
            if (changes == null) {
                continue;
            }
            List<ObjectKey> keys = changes.stream().map(ObjectChange::key).toList();
            List<Evidence> evidence = new ArrayList<>();
            for (ObjectChange c : changes) {
                evidence.add(Evidence.object(c.key(), kind.name(), c.before() == null
                        ? "not in the baseline; resourceVersion " + rv(c.after()) + ", not above the baseline's newest "
                                + input.baseline().maxResourceVersion()
                        : "resourceVersion " + rv(c.before()) + " -> " + rv(c.after())));
            }
            boolean pods = keys.stream().anyMatch(k -> k.kind().equals("Pod") && k.group().isEmpty());
            List<String> fixes = pods
                    ? List.of(RollbackCodes.FIX_DELETE_STALE_PODS, RollbackCodes.FIX_RESTART_CONTROL_PLANE)
                    : List.of(RollbackCodes.FIX_RESTART_CONTROL_PLANE);
            findings.add(new Finding(Finding.id(RollbackCodes.OBJECTS_BACKWARDS, kind.name()),
                    RollbackCodes.OBJECTS_BACKWARDS, Severity.ERROR, title(kind, keys.size()), explain(kind),
                    evidence, keys, cause, fixes));
        }
        return findings;
    }

    private static String title(ChangeKind kind, int n) {
        String objects = n == 1 ? "1 object" : n + " objects";
        return switch (kind) {
            case RESOURCE_VERSION_BACKWARDS -> objects + " went back to an older resourceVersion";
            case REAPPEARED -> objects + " reappeared after deletion";
            default -> objects + " changed under the same resourceVersion";
        };
    }

    private static String explain(ChangeKind kind) {
        return switch (kind) {
            case RESOURCE_VERSION_BACKWARDS -> "These objects have a lower resourceVersion than in the baseline: "
                    + "they went back to an older state. Changes made since are lost, and clients that cached the "
                    + "newer version may refuse or ignore the old one.";
            case REAPPEARED -> "These objects are not in the baseline, yet their resourceVersion is not newer than "
                    + "the baseline's newest: they were not created since, they came back after being deleted. "
                    + "Stale Pods may run old versions or block their controllers.";
            default -> "These objects kept their resourceVersion but their content changed: two histories share "
                    + "one revision, which happens when the store was restored and written again.";
        };
    }

    private static String rv(ApiObject o) {
        return o == null || o.resourceVersion() == null ? "-" : o.resourceVersion();
    }
}
