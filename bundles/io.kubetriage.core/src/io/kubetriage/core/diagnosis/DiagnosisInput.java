package io.kubetriage.core.diagnosis;

import java.util.Objects;
import java.util.Optional;

import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.core.etcd.section.EtcdSectionFormatException;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * What a diagnosis looks at.
 *
 * @param snapshot the cluster as it is (the snapshot to diagnose)
 * @param baseline an older snapshot of the same cluster, to compare against; null when none
 * @param backup   the keys of an etcd backup (e.g. the one that was, or is about to be, restored);
 *                 null when none
 * @param live     the revision of the live etcd store; null when not read
 * @param derived  what detectors compute from this input and share (see {@link DerivedData})
 */
public record DiagnosisInput(Snapshot snapshot, Snapshot baseline, EtcdSection backup, RevisionInfo live,
        DerivedData derived) {

    public DiagnosisInput {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(derived, "derived");
    }

    /** An input whose derived data is computed afresh. */
    public DiagnosisInput(Snapshot snapshot, Snapshot baseline, EtcdSection backup, RevisionInfo live) {
        this(snapshot, baseline, backup, live, new DerivedData());
    }

    /** Just a snapshot. */
    public static DiagnosisInput of(Snapshot snapshot) {
        return new DiagnosisInput(snapshot, null, null, null);
    }

    public Optional<Snapshot> baselineSnapshot() {
        return Optional.ofNullable(baseline);
    }

    public Optional<EtcdSection> backupSection() {
        return Optional.ofNullable(backup);
    }

    public Optional<RevisionInfo> liveRevision() {
        return Optional.ofNullable(live);
    }

    /** The etcd section of a snapshot; empty when it has none or it cannot be read. */
    public static Optional<EtcdSection> etcdOf(Snapshot snapshot) {
        if (snapshot == null) {
            return Optional.empty();
        }
        try {
            return EtcdSectionCodec.fromSnapshot(snapshot);
        } catch (EtcdSectionFormatException e) {
            return Optional.empty();
        }
    }
}
