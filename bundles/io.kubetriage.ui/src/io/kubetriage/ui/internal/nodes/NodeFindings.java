package io.kubetriage.ui.internal.nodes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Evidence.NodeLocation;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.node.model.ServiceEndpoints;
import io.kubetriage.core.node.section.NodePaths;

/**
 * The findings of a snapshot's diagnosis, indexed by the place on a node their evidence points at
 * ({@link Evidence#location()}), so that the node views can mark the rows and lines behind them.
 */
public final class NodeFindings {

    /** No diagnosis (yet). */
    public static final NodeFindings NONE = new NodeFindings(List.of(), null);

    /** A diagnosis still running: the rows are shown, their marks follow. */
    public static final NodeFindings PENDING = new NodeFindings(List.of(), "the diagnosis is still running");

    /**
     * One piece of evidence of a finding that points at a node.
     *
     * @param finding  the finding
     * @param evidence its evidence with a location
     */
    public record Mark(Finding finding, Evidence evidence) {

        public NodeLocation location() {
            return evidence.location();
        }

        /** {@code KT-ROUTING-002: title}. */
        public String describe() {
            return finding.code() + ": " + finding.title();
        }
    }

    private final List<Finding> findings;
    private final String problem;
    private final Map<String, List<Mark>> byNode = new HashMap<>();
    private final Map<String, List<Mark>> byLine = new HashMap<>();

    private NodeFindings(List<Finding> findings, String problem) {
        this.findings = List.copyOf(findings);
        this.problem = problem;
        for (Finding f : this.findings) {
            for (Evidence e : f.evidence()) {
                NodeLocation at = e.location();
                if (at == null) {
                    continue;
                }
                Mark mark = new Mark(f, e);
                byNode.computeIfAbsent(at.node(), k -> new ArrayList<>()).add(mark);
                if (at.file() != null && at.line() > 0) {
                    byLine.computeIfAbsent(key(at.node(), at.file(), at.line()), k -> new ArrayList<>()).add(mark);
                }
            }
        }
    }

    /** The findings of a diagnosis, cause first. */
    public static NodeFindings of(List<Finding> findings) {
        return new NodeFindings(findings, null);
    }

    /** A diagnosis that could not be made, and why. */
    public static NodeFindings failed(String problem) {
        return new NodeFindings(List.of(), problem);
    }

    public List<Finding> findings() {
        return findings;
    }

    /** Why the diagnosis could not be made, or null. */
    public String problem() {
        return problem;
    }

    /** Every mark on a node. */
    public List<Mark> on(String node) {
        return byNode.getOrDefault(node, List.of());
    }

    /** The marks on one line (1-based) of a node's file ({@code iptables-save.txt}, {@code cni/calico-kubeconfig}). */
    public List<Mark> at(String node, String file, int line) {
        return file == null || line <= 0 ? List.of() : byLine.getOrDefault(key(node, file, line), List.of());
    }

    /** The marks on a node's file as a whole (line 0). */
    public List<Mark> wholeFile(String node, String file) {
        return on(node).stream().filter(m -> file.equals(m.location().file()) && m.location().line() == 0).toList();
    }

    /**
     * The marks about a Service port that point at no line on the node: what the node lacks for it
     * (no virtual service, no rule). They name the Service as their object, or its ClusterIP and port.
     */
    public List<Mark> absentFor(String node, ServiceEndpoints service) {
        String target = service.port().target();
        String hostPort = target.substring(0, target.lastIndexOf('/'));
        return on(node).stream().filter(m -> m.location().line() == 0 && !isCniFile(m.location().file()))
                .filter(m -> service.service().equals(m.evidence().object()) || mentions(m.evidence(), hostPort))
                .toList();
    }

    /**
     * The marks about a node as a whole: evidence without a file, or about a whole netfilter file
     * and no Service (e.g. "no KUBE-* chain at all").
     */
    public List<Mark> nodeWide(String node) {
        return on(node).stream().filter(m -> m.location().file() == null
                || m.location().line() == 0 && m.evidence().object() == null && !isCniFile(m.location().file()))
                .toList();
    }

    /** The marks on the CNI files of a node, by file name under {@code /etc/cni/net.d}. */
    public List<Mark> onCniFiles(String node) {
        return on(node).stream().filter(m -> isCniFile(m.location().file())).toList();
    }

    /** The name under {@code /etc/cni/net.d} of a node file path such as {@code cni/calico-kubeconfig}, or null. */
    public static String cniFileName(String file) {
        return isCniFile(file) ? file.substring(NodePaths.CNI_DIR.length() + 1) : null;
    }

    /** The node file path of a file under {@code /etc/cni/net.d}. */
    public static String cniPath(String fileName) {
        return NodePaths.CNI_DIR + "/" + fileName;
    }

    /** The distinct codes of some marks, comma-separated. */
    public static String codes(List<Mark> marks) {
        Set<String> codes = new LinkedHashSet<>();
        marks.forEach(m -> codes.add(m.finding().code()));
        return String.join(", ", codes);
    }

    /** The distinct findings of some marks, one {@code CODE: title} per line (a tooltip). */
    public static String titles(List<Mark> marks) {
        Set<String> titles = new LinkedHashSet<>();
        marks.forEach(m -> titles.add(m.describe()));
        return String.join("\n", titles);
    }

    private static boolean isCniFile(String file) {
        return file != null && file.startsWith(NodePaths.CNI_DIR + "/");
    }

    private static boolean mentions(Evidence e, String text) {
        return e.detail().contains(text) || e.label().contains(text)
                || e.sourceLine() != null && e.sourceLine().contains(text);
    }

    private static String key(String node, String file, int line) {
        return node + '\u0000' + file + '\u0000' + line;
    }
}
