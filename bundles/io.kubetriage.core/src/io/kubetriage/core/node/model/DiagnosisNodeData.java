package io.kubetriage.core.node.model;

import java.util.List;

import io.kubetriage.core.diagnosis.DerivedData;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.node.section.NodeDataException;

/**
 * The node models of a diagnosis input, computed once per run and shared by every phase's
 * detectors: parsing a node's 100k-rule dump once instead of once per detector.
 */
public final class DiagnosisNodeData {

    private static final DerivedData.Key<List<ServiceEndpoints>> SERVICES = DerivedData.key("Service ports");
    private static final DerivedData.Key<Parsed> NODES = DerivedData.key("parsed nodes");

    private DiagnosisNodeData() {
    }

    /** The Service ports of the input's snapshot with their endpoints ({@link ClusterServices#of}). */
    public static List<ServiceEndpoints> services(DiagnosisInput input) {
        return input.derived().get(SERVICES, () -> ClusterServices.of(input.snapshot()));
    }

    /**
     * The nodes of the input's snapshot, parsed ({@link NodeParsing#of}).
     *
     * @throws NodeDataException when the node sections cannot be read at all (each time asked)
     */
    public static List<ParsedNode> nodes(DiagnosisInput input) throws NodeDataException {
        Parsed p = input.derived().get(NODES, () -> {
            try {
                return new Parsed(NodeParsing.of(input.snapshot()), null);
            } catch (NodeDataException e) {
                return new Parsed(List.of(), e);
            }
        });
        if (p.problem() != null) {
            throw p.problem();
        }
        return p.nodes();
    }

    private record Parsed(List<ParsedNode> nodes, NodeDataException problem) {
    }
}
