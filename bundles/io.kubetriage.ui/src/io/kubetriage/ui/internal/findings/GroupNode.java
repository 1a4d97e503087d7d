package io.kubetriage.ui.internal.findings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.kubetriage.core.diagnosis.Severity;

/**
 * A grouping row of the Findings tree: a cluster, a phase (the code's middle part, e.g.
 * {@code ROLLBACK}) within it, or a severity within the phase. Same element when the path is the same.
 */
public final class GroupNode {

    /** What a group groups by. */
    public enum Level {
        CLUSTER, PHASE, SEVERITY
    }

    private final Level level;
    private final String name;
    private final GroupNode parent;
    private final DiagnosisRun run;
    private final Severity severity;
    private final List<Object> children = new ArrayList<>();

    GroupNode(Level level, String name, GroupNode parent, DiagnosisRun run, Severity severity) {
        this.level = Objects.requireNonNull(level, "level");
        this.name = Objects.requireNonNull(name, "name");
        this.parent = parent;
        this.run = run;
        this.severity = severity;
    }

    public Level level() {
        return level;
    }

    /** The cluster's name, the phase (e.g. {@code ROLLBACK}) or the severity's name. */
    public String name() {
        return name;
    }

    public GroupNode parent() {
        return parent;
    }

    /** The diagnosis of the cluster. */
    public DiagnosisRun run() {
        return run;
    }

    /** The severity of a severity group; null for the others. */
    public Severity severity() {
        return severity;
    }

    /** Groups, or the root findings of a severity group. */
    public List<Object> children() {
        return Collections.unmodifiableList(children);
    }

    void add(Object child) {
        children.add(child);
    }

    /** How many findings lie under the group, nested ones included. */
    public int findingCount() {
        int n = 0;
        for (Object c : children) {
            n += c instanceof GroupNode g ? g.findingCount() : count((FindingNode) c);
        }
        return n;
    }

    private static int count(FindingNode node) {
        int n = 1;
        for (FindingNode c : node.caused()) {
            n += count(c);
        }
        return n;
    }

    /**
     * The phases of the findings under this group other than its own, in order of appearance: a
     * root's causal chain may reach into other phases (the restore causes routing and CNI findings).
     */
    public List<String> otherPhases() {
        java.util.LinkedHashSet<String> phases = new java.util.LinkedHashSet<>();
        for (FindingNode n : FindingsTree.allFindings(List.of(this))) {
            phases.add(FindingsTree.phaseOf(n.finding().code()));
        }
        if (level == Level.PHASE) {
            phases.remove(name);
        }
        return List.copyOf(phases);
    }

    private String path() {
        return (parent == null ? "" : parent.path() + "/") + level + ":" + name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupNode other && path().equals(other.path());
    }

    @Override
    public int hashCode() {
        return path().hashCode();
    }

    @Override
    public String toString() {
        return path();
    }
}
