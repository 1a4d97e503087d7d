package io.kubetriage.ui.internal.findings;

import java.util.Objects;

import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.snapshot.ObjectKey;

/** An object a finding affects, as selected in the Findings view's evidence panel. */
public record AffectedObject(DiagnosisRun run, Finding finding, ObjectKey key) implements FindingElement {

    public AffectedObject {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(key, "key");
    }
}
