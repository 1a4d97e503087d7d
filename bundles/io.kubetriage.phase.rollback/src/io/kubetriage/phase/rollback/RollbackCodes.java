package io.kubetriage.phase.rollback;

import java.util.List;

import io.kubetriage.core.diagnosis.FindingCatalog.Entry;
import io.kubetriage.core.diagnosis.Severity;

/** The codes, catalogue entries and fix ids of the rollback phase. */
public final class RollbackCodes {

    public static final String PHASE = "rollback";

    public static final String REVISION_BACKWARDS = "KT-ROLLBACK-001";
    public static final String OBJECTS_BACKWARDS = "KT-ROLLBACK-002";
    public static final String ROLLOUT_MISMATCH = "KT-ROLLBACK-003";
    public static final String NO_SCHEDULER = "KT-ROLLBACK-004";
    public static final String RESOURCE_VERSION_ERRORS = "KT-ROLLBACK-005";

    public static final String FIX_ROLLOUT_UNDO = "rollback.rollout-undo";
    public static final String FIX_DELETE_STALE_PODS = "rollback.delete-stale-pods";
    public static final String FIX_RESTART_CONTROL_PLANE = "rollback.restart-control-plane";
    public static final String FIX_PROPER_RESTORE = "rollback.proper-restore";

    static final Entry REVISION_BACKWARDS_ENTRY = new Entry(REVISION_BACKWARDS, Severity.ERROR,
            "The etcd revision went backwards",
            "etcd now serves a lower revision than clients have already been shown, as after a restore of an "
                    + "older backup. Every object silently went back in time; controllers, kubelets and the "
                    + "API server's watch cache still remember newer resource versions, so watches fail, deleted "
                    + "objects come back and changes are lost or ignored.",
            "The revision the store serves now and where it was read, the highest revision seen before (baseline "
                    + "snapshot or the API server's objects), the drop between them, and the backup's revision "
                    + "when a backup is given.",
            List.of(FIX_RESTART_CONTROL_PLANE, FIX_PROPER_RESTORE));

    static final Entry OBJECTS_BACKWARDS_ENTRY = new Entry(OBJECTS_BACKWARDS, Severity.ERROR,
            "Objects went back in time",
            "Compared with the baseline snapshot, objects have a lower resourceVersion than before, came back "
                    + "after they had been deleted, or changed while keeping their resourceVersion. One finding "
                    + "per kind of change lists the objects.",
            "Each object with its resourceVersion in the baseline and now.",
            List.of(FIX_DELETE_STALE_PODS, FIX_RESTART_CONTROL_PLANE));

    static final Entry ROLLOUT_MISMATCH_ENTRY = new Entry(ROLLOUT_MISMATCH, Severity.ERROR,
            "Deployment and ReplicaSet revisions disagree",
            "A Deployment's rollout history no longer fits its ReplicaSets: two ReplicaSets carry the same "
                    + "revision, the Deployment names a revision lower (or higher) than its newest ReplicaSet, or "
                    + "its pod template matches none of them. 'kubectl rollout history' shows nonsense and the "
                    + "controller may roll out the wrong version.",
            "The Deployment's revision annotation, each owned ReplicaSet's revision, and which templates match.",
            List.of(FIX_ROLLOUT_UNDO));

    static final Entry NO_SCHEDULER_ENTRY = new Entry(NO_SCHEDULER, Severity.ERROR,
            "Pods are Pending with no scheduler, or a static Pod's mirror is missing",
            "No kube-scheduler Pod runs and Pods wait with no node and no scheduling decision, or a control-plane "
                    + "node lacks the mirror Pod of its kube-scheduler or kube-controller-manager. After an etcd "
                    + "rollback the kubelet does not recreate a deleted mirror Pod until its manifest in "
                    + "/etc/kubernetes/manifests is moved out and back.",
            "The Pending Pods without a node, the control-plane nodes and which component Pods they run.",
            List.of(FIX_RESTART_CONTROL_PLANE));

    static final Entry RESOURCE_VERSION_ERRORS_ENTRY = new Entry(RESOURCE_VERSION_ERRORS, Severity.WARNING,
            "The API server reports resource version errors",
            "Events say 'too old resource version', 'Too large resource version' or that a watch's resourceVersion "
                    + "is too old: clients ask for revisions the store no longer has or has not reached, the mark "
                    + "of a store that went back in time.",
            "The events, with the object each names and its message.",
            List.of(FIX_RESTART_CONTROL_PLANE));

    static final List<Entry> ALL = List.of(REVISION_BACKWARDS_ENTRY, OBJECTS_BACKWARDS_ENTRY, ROLLOUT_MISMATCH_ENTRY,
            NO_SCHEDULER_ENTRY, RESOURCE_VERSION_ERRORS_ENTRY);

    private RollbackCodes() {
    }

    /** The cause to name: KT-ROLLBACK-001 when the revision went backwards, else null. */
    static String rollbackCause(io.kubetriage.core.diagnosis.DiagnosisInput input) {
        return StoreRevisions.holds(input) ? REVISION_BACKWARDS : null;
    }
}
