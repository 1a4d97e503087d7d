package io.kubetriage.phase.cni;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FindingCatalog;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.node.cni.CniConfigParser;
import io.kubetriage.core.node.cni.CniProblem;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.phase.cni.CniReachability.NodeCni;

/**
 * KT-CNI-004: a node's {@code /etc/cni/net.d} holds a file that cannot be read as CNI
 * configuration, a plugin type that is not known, a kubeconfig that is named but missing or
 * unreadable, or no network configuration at all. One finding per node, each problem marked at its
 * file and line; an ERROR unless every problem is an unknown plugin type (a WARNING then).
 */
public final class InvalidConfigDetector implements Detector {

    @Override
    public String phase() {
        return CniCodes.PHASE;
    }

    @Override
    public List<String> codes() {
        return List.of(CniCodes.INVALID_CONFIG);
    }

    @Override
    public List<FindingCatalog.Entry> catalog() {
        return List.of(CniCodes.INVALID_CONFIG_ENTRY);
    }

    @Override
    public List<Finding> detect(DiagnosisInput input) {
        List<Finding> findings = new ArrayList<>();
        for (NodeCni n : CniReachability.of(input)) {
            // a ClusterIP server is KT-CNI-001's business, and only when the node does not serve it
            List<CniProblem> problems = n.validation().problems().stream()
                    .filter(p -> p.kind() != CniProblem.Kind.SERVER_IS_CLUSTER_IP).toList();
            if (problems.isEmpty()) {
                continue;
            }
            String node = n.name();
            List<Evidence> evidence = new ArrayList<>();
            Set<String> files = new LinkedHashSet<>();
            for (CniProblem p : problems) {
                boolean inFile = p.file() != null && !p.file().equals(CniConfigParser.CNI_CONF_DIR)
                        && n.node().files().files().containsKey(NodePaths.CNI_DIR + "/" + p.file());
                String file = inFile ? NodePaths.CNI_DIR + "/" + p.file() : null;
                String text = inFile ? n.node().files().files().get(file) : null;
                evidence.add(Evidence.node(node, file, inFile ? p.line() : 0, label(p.kind()),
                        (p.pointer() == null ? "" : p.pointer() + ": ") + p.message(),
                        CniReachability.lineText(text, p.line())));
                files.add(p.file());
            }
            boolean onlyUnknownTypes = problems.stream().allMatch(p -> p.kind() == CniProblem.Kind.UNKNOWN_PLUGIN_TYPE);
            List<ObjectKey> affected = new ArrayList<>();
            affected.add(new ObjectKey("", "Node", "", node));
            CalicoObjects.pods(input.snapshot(), node).forEach(p -> affected.add(p.key()));
            findings.add(new Finding(Finding.id(CniCodes.INVALID_CONFIG, node), CniCodes.INVALID_CONFIG,
                    onlyUnknownTypes ? Severity.WARNING : Severity.ERROR,
                    "The CNI configuration of " + node + " is invalid (" + problems.size()
                            + (problems.size() == 1 ? " problem" : " problems") + " in " + String.join(", ", files) + ")",
                    "The container runtime on " + node + " reads its Pod network configuration from /etc/cni/net.d, "
                            + "and these files are wrong: " + problems.get(0).message() + (problems.size() > 1
                                    ? " (and " + (problems.size() - 1) + " more)" : "")
                            + ". When Calico wrote them, restarting calico-node on the node reruns its install-cni "
                            + "init container, which writes them again; otherwise correct them on the node.",
                    evidence, affected, null, List.of(CniCodes.FIX_RESTART_CALICO_NODE)));
        }
        return findings;
    }

    private static String label(CniProblem.Kind kind) {
        return switch (kind) {
            case UNREADABLE_FILE -> "unreadable configuration";
            case UNKNOWN_PLUGIN_TYPE -> "unknown plugin type";
            case KUBECONFIG_MISSING -> "kubeconfig missing";
            case KUBECONFIG_UNREADABLE -> "kubeconfig unreadable";
            case NO_NETWORK_CONFIG -> "no network configuration";
            case SERVER_IS_CLUSTER_IP -> "server is a ClusterIP";
        };
    }
}
