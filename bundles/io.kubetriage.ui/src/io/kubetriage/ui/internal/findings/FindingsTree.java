package io.kubetriage.ui.internal.findings;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.Severity;

/**
 * Builds the Findings tree: cluster → phase → severity → root findings, each with the findings it
 * causes nested under it (the causal chain), in the order the diagnosis gave (cause first).
 */
public final class FindingsTree {

    private FindingsTree() {
    }

    /** The phase of a code: its middle part ({@code KT-ROLLBACK-001} → {@code ROLLBACK}), else the code. */
    public static String phaseOf(String code) {
        String[] parts = code.split("-");
        return parts.length >= 3 ? String.join("-", java.util.Arrays.copyOfRange(parts, 1, parts.length - 1)) : code;
    }

    /** One cluster group per run, in the order given. */
    public static List<GroupNode> build(List<DiagnosisRun> runs) {
        List<GroupNode> clusters = new ArrayList<>();
        for (DiagnosisRun run : runs) {
            clusters.add(build(run));
        }
        return clusters;
    }

    static GroupNode build(DiagnosisRun run) {
        GroupNode cluster = new GroupNode(GroupNode.Level.CLUSTER, run.cluster(), null, run, null);
        List<Finding> findings = run.findings();
        // the cause of each finding, among the findings: by id first, then by code (as Diagnosis does)
        Map<Finding, Finding> causeOf = new IdentityHashMap<>();
        for (Finding f : findings) {
            if (f.cause() == null) {
                continue;
            }
            Finding cause = findings.stream().filter(p -> p != f && p.id().equals(f.cause())).findFirst()
                    .orElseGet(() -> findings.stream().filter(p -> p != f && p.code().equals(f.cause())).findFirst()
                            .orElse(null));
            if (cause != null && !causes(f, cause, causeOf)) {
                causeOf.put(f, cause);
            }
        }
        Map<String, GroupNode> phases = new LinkedHashMap<>();
        Map<String, GroupNode> severities = new LinkedHashMap<>();
        Map<Finding, FindingNode> nodes = new IdentityHashMap<>();
        // roots first, grouped; phase groups in order of first appearance, severities ERROR first
        List<Finding> roots = findings.stream().filter(f -> !causeOf.containsKey(f)).toList();
        List<String> phaseOrder = new ArrayList<>();
        roots.forEach(f -> {
            String p = phaseOf(f.code());
            if (!phaseOrder.contains(p)) {
                phaseOrder.add(p);
            }
        });
        for (String p : phaseOrder) {
            GroupNode phase = new GroupNode(GroupNode.Level.PHASE, p, cluster, run, null);
            phases.put(p, phase);
            cluster.add(phase);
            for (Severity s : Severity.values()) {
                List<Finding> inGroup = roots.stream().filter(f -> phaseOf(f.code()).equals(p) && f.severity() == s)
                        .toList();
                if (inGroup.isEmpty()) {
                    continue;
                }
                GroupNode severity = new GroupNode(GroupNode.Level.SEVERITY, s.name(), phase, run, s);
                severities.put(p + "/" + s, severity);
                phase.add(severity);
                for (Finding f : inGroup) {
                    FindingNode node = new FindingNode(run, f, severity);
                    nodes.put(f, node);
                    severity.add(node);
                    nest(run, f, node, findings, causeOf, nodes);
                }
            }
        }
        return cluster;
    }

    private static void nest(DiagnosisRun run, Finding parent, FindingNode parentNode, List<Finding> all,
            Map<Finding, Finding> causeOf, Map<Finding, FindingNode> nodes) {
        for (Finding f : all) {
            if (causeOf.get(f) == parent && !nodes.containsKey(f)) {
                FindingNode node = new FindingNode(run, f, parentNode);
                nodes.put(f, node);
                parentNode.addCaused(node);
                nest(run, f, node, all, causeOf, nodes);
            }
        }
    }

    /** Whether {@code f} already is (transitively) the cause of {@code cause}: a cycle, broken here. */
    private static boolean causes(Finding f, Finding cause, Map<Finding, Finding> causeOf) {
        Finding c = cause;
        for (int i = 0; c != null && i < 1000; i++) {
            if (c == f) {
                return true;
            }
            c = causeOf.get(c);
        }
        return false;
    }

    /** Every finding node under the groups, depth first. */
    public static List<FindingNode> allFindings(List<GroupNode> groups) {
        List<FindingNode> all = new ArrayList<>();
        for (GroupNode g : groups) {
            collect(g, all);
        }
        return all;
    }

    private static void collect(Object element, List<FindingNode> into) {
        if (element instanceof GroupNode g) {
            g.children().forEach(c -> collect(c, into));
        } else if (element instanceof FindingNode n) {
            into.add(n);
            n.caused().forEach(c -> collect(c, into));
        }
    }
}
