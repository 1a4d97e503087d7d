package io.kubetriage.core.node.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kubetriage.core.node.NodeDataFormatException;
import io.kubetriage.core.node.NodeNetworkData;
import io.kubetriage.core.node.ProxyMode;
import io.kubetriage.core.node.ipaddr.IpAddrParser;
import io.kubetriage.core.node.ipaddr.IpAddrRecord;
import io.kubetriage.core.node.netfilter.iptables.IptablesDump;
import io.kubetriage.core.node.netfilter.iptables.IptablesSaveParser;
import io.kubetriage.core.node.netfilter.ipvs.IpvsTable;
import io.kubetriage.core.node.netfilter.ipvs.IpvsadmParser;
import io.kubetriage.core.node.section.NodeData;
import io.kubetriage.core.node.section.NodeDataException;
import io.kubetriage.core.node.section.NodeFiles;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.node.section.NodeSectionCodec;
import io.kubetriage.core.snapshot.Snapshot;

/** Parses the files collected from nodes into {@link ParsedNode}s; a file that cannot be read becomes a problem, never an exception. */
public final class NodeParsing {

    private NodeParsing() {
    }

    /**
     * Every node of a snapshot, parsed, with kube-proxy's configured mode.
     *
     * @throws NodeDataException when the node sections cannot be read at all
     */
    public static List<ParsedNode> of(Snapshot snapshot) throws NodeDataException {
        NodeData data = NodeSectionCodec.decode(snapshot);
        ProxyMode mode = KubeProxyConfig.of(snapshot).map(KubeProxyConfig::mode).orElse(ProxyMode.UNKNOWN);
        List<ParsedNode> nodes = new ArrayList<>();
        for (NodeFiles n : data.nodes()) {
            nodes.add(parse(n, mode));
        }
        return List.copyOf(nodes);
    }

    /** One node's files, parsed; {@code mode} is kube-proxy's configured mode (UNKNOWN when not known). */
    public static ParsedNode parse(NodeFiles node, ProxyMode mode) {
        Map<String, String> files = node.files();
        Map<String, String> problems = new LinkedHashMap<>();

        IptablesDump iptables = null;
        String text = files.get(NodePaths.IPTABLES_SAVE);
        if (text != null) {
            try {
                iptables = new IptablesSaveParser().parse(text);
            } catch (NodeDataFormatException e) {
                problems.put(NodePaths.IPTABLES_SAVE, e.describe(NodePaths.IPTABLES_SAVE));
            }
        }
        IptablesDump ip6tables = null;
        text = files.get(NodePaths.IP6TABLES_SAVE);
        if (text != null) {
            try {
                ip6tables = new IptablesSaveParser().parse(text);
            } catch (NodeDataFormatException e) {
                problems.put(NodePaths.IP6TABLES_SAVE, e.describe(NodePaths.IP6TABLES_SAVE));
            }
        }
        IpvsTable ipvs = null;
        String ipvsFile = ipvsFile(node);
        if (ipvsFile != null) {
            try {
                ipvs = new IpvsadmParser().parse(files.get(ipvsFile));
            } catch (NodeDataFormatException e) {
                problems.put(ipvsFile, e.describe(ipvsFile));
            }
        }
        List<IpAddrRecord> addresses = null;
        text = files.get(NodePaths.IP_ADDR);
        if (text != null) {
            try {
                addresses = new IpAddrParser().parse(text);
            } catch (NodeDataFormatException e) {
                problems.put(NodePaths.IP_ADDR, e.describe(NodePaths.IP_ADDR));
            }
        }
        NodeNetworkData data = new NodeNetworkData(node.node(), iptables, ip6tables, ipvs, addresses,
                node.filesUnder(NodePaths.CNI_DIR), mode);
        return new ParsedNode(node, data, problems);
    }

    static String ipvsFile(NodeFiles node) {
        return node.files().containsKey(NodePaths.IPVSADM_SAVE) ? NodePaths.IPVSADM_SAVE
                : node.files().containsKey(NodePaths.IPVSADM_LN) ? NodePaths.IPVSADM_LN : null;
    }
}
