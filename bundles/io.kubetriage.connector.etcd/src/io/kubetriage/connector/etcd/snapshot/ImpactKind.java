package io.kubetriage.connector.etcd.snapshot;

/** What restoring a backup would do to one object (or key). */
public enum ImpactKind {
    /** In both, older in the backup: the object would return to an older version. */
    WOULD_GO_BACK,
    /** Only in the current state: created since the backup, it would be deleted by the restore. */
    WOULD_DISAPPEAR,
    /** Only in the backup: deleted since the backup, it would be resurrected by the restore. */
    WOULD_COME_BACK,
    /**
     * In both, newer in the backup than in the current state: the "current" state is older than
     * the backup (compared with an older snapshot, or after an earlier restore).
     */
    NEWER_IN_BACKUP,
    /** The same version in both; counted, not listed. */
    UNCHANGED;

    /** Whether the restore would lose something the cluster has now (a finding). */
    public boolean isLoss() {
        return this == WOULD_GO_BACK || this == WOULD_DISAPPEAR || this == WOULD_COME_BACK;
    }
}
