package io.kubetriage.phase.rollback;

import java.util.Optional;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * The revisions KT-ROLLBACK-001 compares: the revision the store serves now, and the highest one
 * clients have been shown before. Shared so that the findings it causes name it only when it holds.
 *
 * @param current        the store's revision now: the live revision, else the snapshot's etcd
 *                       section, else the snapshot's highest resourceVersion; -1 when none is known
 * @param currentSource  where {@code current} was read
 * @param seen           the highest revision clients have been shown: the baseline's etcd revision
 *                       or its highest resourceVersion (whichever is higher), and the snapshot's
 *                       own highest resourceVersion when the store was read apart (etcd section or
 *                       live); -1 when none is known
 * @param seenSource     where {@code seen} was read
 */
record StoreRevisions(long current, String currentSource, long seen, String seenSource) {

    static StoreRevisions of(DiagnosisInput input) {
        Snapshot s = input.snapshot();
        Optional<EtcdSection> etcd = DiagnosisInput.etcdOf(s);
        long current;
        String currentSource;
        boolean storeReadApart = true;
        if (input.live() != null) {
            current = input.live().revision();
            currentSource = "live store (" + input.live().source() + ")";
        } else if (etcd.isPresent()) {
            current = etcd.get().revision();
            currentSource = "etcd section of the snapshot";
        } else {
            current = s.maxResourceVersion();
            currentSource = "highest resourceVersion of the snapshot's objects";
            storeReadApart = false;
        }
        long seen = -1;
        String seenSource = null;
        if (storeReadApart && s.maxResourceVersion() > seen) {
            seen = s.maxResourceVersion();
            seenSource = "highest resourceVersion the API server showed in the snapshot";
        }
        Snapshot b = input.baseline();
        if (b != null) {
            long rv = b.maxResourceVersion();
            if (rv > seen) {
                seen = rv;
                seenSource = "highest resourceVersion of the baseline's objects";
            }
            Optional<EtcdSection> be = DiagnosisInput.etcdOf(b);
            if (be.isPresent() && be.get().revision() > seen) {
                seen = be.get().revision();
                seenSource = "etcd revision of the baseline";
            }
        }
        return new StoreRevisions(current, currentSource, seen, seenSource);
    }

    /** Whether the store serves a revision lower than one clients were shown. */
    boolean wentBackwards() {
        return current >= 0 && seen > current;
    }

    /** Whether the revision went backwards, by this check or against the backup. */
    static boolean holds(DiagnosisInput input) {
        StoreRevisions r = of(input);
        return r.wentBackwards() || input.backup() != null && r.current >= 0 && input.backup().revision() > r.current;
    }
}
