package io.kubetriage.core.node;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.kubetriage.core.node.ipaddr.IpAddrRecord;
import io.kubetriage.core.node.netfilter.iptables.IptablesDump;
import io.kubetriage.core.node.netfilter.ipvs.IpvsTable;

/**
 * What was collected on one node, parsed. Anything that was not collected is null (an empty dump
 * or list means the command ran and printed nothing, which is a finding in itself).
 *
 * @param nodeName  the node's name
 * @param iptables  the IPv4 {@code iptables-save} dump, or null when not collected
 * @param ip6tables the {@code ip6tables-save} dump, or null when not collected
 * @param ipvs      the IPVS table, or null when not collected
 * @param addresses the {@code ip -o addr} records, or null when not collected
 * @param cniFiles  the files of {@code /etc/cni/net.d} by file name, in name order
 * @param proxyMode kube-proxy's mode when known (from its configuration), else UNKNOWN
 */
public record NodeNetworkData(
        String nodeName,
        IptablesDump iptables,
        IptablesDump ip6tables,
        IpvsTable ipvs,
        List<IpAddrRecord> addresses,
        Map<String, String> cniFiles,
        ProxyMode proxyMode) {

    public NodeNetworkData {
        Objects.requireNonNull(nodeName, "nodeName");
        addresses = addresses == null ? null : List.copyOf(addresses);
        cniFiles = cniFiles == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(cniFiles));
        proxyMode = proxyMode == null ? ProxyMode.UNKNOWN : proxyMode;
    }
}
