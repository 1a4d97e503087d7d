package io.kubetriage.core.node.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.kubetriage.core.diagnosis.DerivedData;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.node.ProxyMode;
import io.kubetriage.core.node.section.NodeData;
import io.kubetriage.core.node.section.NodeDataException;
import io.kubetriage.core.node.section.NodeFiles;
import io.kubetriage.core.node.section.NodeSectionCodec;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * The node models of a snapshot, computed once per {@link DerivedData} and shared by every phase's
 * detectors, and by the views that show the same snapshot: parsing a node's 100k-rule dump once
 * instead of once per detector. The derived data given must belong to the snapshot given (as a
 * {@link DiagnosisInput}'s belongs to its snapshot).
 */
public final class DiagnosisNodeData {

    private static final DerivedData.Key<List<ServiceEndpoints>> SERVICES = DerivedData.key("Service ports");
    private static final DerivedData.Key<Sections> SECTIONS = DerivedData.key("node sections");
    private static final DerivedData.Key<Map<String, ParsedNode>> PARSED = DerivedData.key("parsed nodes by name");

    /**
     * The node sections of a snapshot with kube-proxy's configured mode.
     *
     * @param data the nodes' files
     * @param mode kube-proxy's mode from its ConfigMap, UNKNOWN when the snapshot does not tell
     */
    public record NodeSections(NodeData data, ProxyMode mode) {
    }

    private record Sections(NodeSections sections, NodeDataException problem) {
    }

    private DiagnosisNodeData() {
    }

    /** The Service ports of the input's snapshot with their endpoints ({@link ClusterServices#of}). */
    public static List<ServiceEndpoints> services(DiagnosisInput input) {
        return services(input.derived(), input.snapshot());
    }

    /** The Service ports of a snapshot with their endpoints ({@link ClusterServices#of}). */
    public static List<ServiceEndpoints> services(DerivedData derived, Snapshot snapshot) {
        return derived.get(SERVICES, () -> ClusterServices.of(snapshot));
    }

    /**
     * The node sections of a snapshot, decoded, with kube-proxy's configured mode.
     *
     * @throws NodeDataException when the node sections cannot be read at all (each time asked)
     */
    public static NodeSections sections(DerivedData derived, Snapshot snapshot) throws NodeDataException {
        Sections s = derived.get(SECTIONS, () -> {
            try {
                ProxyMode mode = KubeProxyConfig.of(snapshot).map(KubeProxyConfig::mode).orElse(ProxyMode.UNKNOWN);
                return new Sections(new NodeSections(NodeSectionCodec.decode(snapshot), mode), null);
            } catch (NodeDataException e) {
                return new Sections(null, e);
            }
        });
        if (s.problem() != null) {
            throw s.problem();
        }
        return s.sections();
    }

    /**
     * The nodes of the input's snapshot, parsed ({@link NodeParsing#of}).
     *
     * @throws NodeDataException when the node sections cannot be read at all (each time asked)
     */
    public static List<ParsedNode> nodes(DiagnosisInput input) throws NodeDataException {
        return nodes(input.derived(), input.snapshot());
    }

    /**
     * The nodes of a snapshot, parsed ({@link NodeParsing#of}); each node is parsed once.
     *
     * @throws NodeDataException when the node sections cannot be read at all (each time asked)
     */
    public static List<ParsedNode> nodes(DerivedData derived, Snapshot snapshot) throws NodeDataException {
        NodeSections sections = sections(derived, snapshot);
        List<ParsedNode> nodes = new ArrayList<>();
        for (NodeFiles n : sections.data().nodes()) {
            nodes.add(parsed(derived, n, sections.mode()));
        }
        return List.copyOf(nodes);
    }

    /**
     * One node of a snapshot, parsed once ({@link NodeParsing#parse}).
     *
     * @throws NodeDataException        when the node sections cannot be read at all
     * @throws IllegalArgumentException when the snapshot has no such node
     */
    public static ParsedNode node(DerivedData derived, Snapshot snapshot, String name) throws NodeDataException {
        NodeSections sections = sections(derived, snapshot);
        NodeFiles files = sections.data().node(name).orElseThrow(() -> new IllegalArgumentException("no node " + name));
        return parsed(derived, files, sections.mode());
    }

    private static ParsedNode parsed(DerivedData derived, NodeFiles files, ProxyMode mode) {
        // parsed outside the map's lock: two threads asking at once may both parse; the first stays
        Map<String, ParsedNode> byName = derived.get(PARSED, ConcurrentHashMap::new);
        ParsedNode p = byName.get(files.node());
        if (p == null) {
            p = byName.putIfAbsent(files.node(), NodeParsing.parse(files, mode));
            p = p == null ? byName.get(files.node()) : p;
        }
        return p;
    }
}
