package io.kubetriage.ui.internal.findings;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;

/**
 * One diagnosis as the Findings view shows it: which snapshot (and baseline) it looked at, the
 * input it ran on and the findings, cause first.
 *
 * @param cluster  the cluster name the findings are grouped under
 * @param snapshot the diagnosed snapshot's library entry
 * @param baseline the baseline's entry; null when none
 * @param input    what the detectors looked at (the snapshots read)
 * @param findings the findings, cause first as {@code DiagnosisService.diagnose} orders them
 * @param finished when the diagnosis ended
 */
public record DiagnosisRun(String cluster, SnapshotEntry snapshot, SnapshotEntry baseline, DiagnosisInput input,
        List<Finding> findings, Instant finished) {

    public DiagnosisRun {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(input, "input");
        findings = List.copyOf(findings);
    }

    /** {@code snapshot} or {@code baseline → snapshot}, for labels. */
    public String describe() {
        return baseline == null ? snapshot.name() : baseline.name() + " \u2192 " + snapshot.name();
    }
}
