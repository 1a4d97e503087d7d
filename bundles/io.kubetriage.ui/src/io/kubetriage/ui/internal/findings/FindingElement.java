package io.kubetriage.ui.internal.findings;

import io.kubetriage.core.diagnosis.Finding;

/**
 * What the Findings view puts in its selection: a finding row of the tree ({@link FindingNode}) or
 * an object a finding affects ({@link AffectedObject}). Commands of phase UI bundles read these.
 */
public interface FindingElement {

    /** The diagnosis the finding comes from (its snapshots and input). */
    DiagnosisRun run();

    Finding finding();
}
