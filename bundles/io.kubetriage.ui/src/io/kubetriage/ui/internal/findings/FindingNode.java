package io.kubetriage.ui.internal.findings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.kubetriage.core.diagnosis.Finding;

/**
 * A finding in the Findings tree: a root of a causal chain (under its severity group), or a finding
 * nested under the finding that causes it. Two nodes are the same element when they show the same
 * finding id of the same cluster, so that selection and expansion survive a re-run.
 */
public final class FindingNode implements FindingElement {

    private final DiagnosisRun run;
    private final Finding finding;
    private final Object parent;
    private final List<FindingNode> caused = new ArrayList<>();

    FindingNode(DiagnosisRun run, Finding finding, Object parent) {
        this.run = Objects.requireNonNull(run, "run");
        this.finding = Objects.requireNonNull(finding, "finding");
        this.parent = parent;
    }

    @Override
    public DiagnosisRun run() {
        return run;
    }

    @Override
    public Finding finding() {
        return finding;
    }

    /** The group or the causing finding's node it sits under. */
    public Object parent() {
        return parent;
    }

    /** The findings this one causes, nested under it. */
    public List<FindingNode> caused() {
        return Collections.unmodifiableList(caused);
    }

    void addCaused(FindingNode node) {
        caused.add(node);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FindingNode other && run.cluster().equals(other.run.cluster())
                && finding.id().equals(other.finding.id());
    }

    @Override
    public int hashCode() {
        return Objects.hash(run.cluster(), finding.id());
    }

    @Override
    public String toString() {
        return finding.id();
    }
}
