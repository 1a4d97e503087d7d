package io.kubetriage.phase.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.node.Cidr;
import io.kubetriage.core.node.NodeNetworkData;
import io.kubetriage.core.node.ProxyMode;
import io.kubetriage.core.node.ipaddr.IpAddrRecord;
import io.kubetriage.core.node.model.ParsedNode;
import io.kubetriage.core.node.model.ServiceEndpoints;
import io.kubetriage.core.node.netfilter.iptables.IptablesChain;
import io.kubetriage.core.node.netfilter.iptables.IptablesDump;
import io.kubetriage.core.node.netfilter.iptables.IptablesTable;
import io.kubetriage.core.node.netfilter.ipvs.IpvsTable;
import io.kubetriage.core.node.netfilter.ipvs.VirtualService;
import io.kubetriage.core.node.routing.ServiceRoute;
import io.kubetriage.core.node.routing.ServiceRouting;
import io.kubetriage.core.node.section.NodePaths;

/**
 * One node as the routing phase sees it: its parsed files, the mode kube-proxy actually runs in
 * (the configured one, unless the node shows the iptables fallback of an IPVS configuration), and
 * whether kube-proxy's rules are gone from it. Built for one diagnosis run.
 */
final class NodeState {

    static final String KUBE_IPVS0 = "kube-ipvs0";
    private static final Pattern PROBLEM_LINE = Pattern.compile(":(\\d+): ");
    private static final List<String> PROXY_CHAINS = List.of("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-NODE-PORT",
            "KUBE-LOAD-BALANCER", "KUBE-PROXY-CANARY");
    private static final List<String> PROXY_CHAIN_PREFIXES = List.of("KUBE-SVC-", "KUBE-SEP-", "KUBE-SVL-",
            "KUBE-EXT-", "KUBE-FW-", "KUBE-XLB-");

    private final ParsedNode parsed;
    private final ProxyMode configured;
    private final ProxyMode mode;
    private final boolean ipvsFallback;
    private final NodeNetworkData data;
    private final Set<String> clusterIps;
    private final ServiceRouting routing;
    private final Map<String, String[]> lines = new ConcurrentHashMap<>();

    /**
     * @param clusterIps the ClusterIPs of the snapshot's Services, each as {@link Cidr#addressKey(String)}
     */
    NodeState(ParsedNode parsed, Set<String> clusterIps) {
        this.parsed = parsed;
        this.clusterIps = clusterIps;
        NodeNetworkData d = parsed.data();
        this.configured = d.proxyMode();
        boolean fallback = configured == ProxyMode.IPVS && d.iptables() != null && !serviceChains(d.iptables()).isEmpty()
                && (d.ipvs() == null || noClusterIpService(d.ipvs()));
        this.ipvsFallback = fallback;
        this.mode = fallback ? ProxyMode.IPTABLES : configured != ProxyMode.UNKNOWN ? configured : infer(d);
        this.data = new NodeNetworkData(d.nodeName(), d.iptables(), d.ip6tables(), d.ipvs(), d.addresses(),
                d.cniFiles(), mode);
        this.routing = ServiceRouting.on(data);
    }



    private static ProxyMode infer(NodeNetworkData d) {
        if (d.ipvs() != null && !d.ipvs().services().isEmpty()) {
            return ProxyMode.IPVS;
        }
        if (d.addresses() != null && d.addresses().stream().anyMatch(a -> a.interfaceName().equals(KUBE_IPVS0))) {
            return ProxyMode.IPVS;
        }
        return d.iptables() != null ? ProxyMode.IPTABLES : ProxyMode.UNKNOWN;
    }

    String name() {
        return parsed.name();
    }

    ParsedNode parsed() {
        return parsed;
    }

    /** The mode kube-proxy runs in on the node, as far as the data tells. */
    ProxyMode mode() {
        return mode;
    }

    ProxyMode configured() {
        return configured;
    }

    /** Whether kube-proxy is configured for IPVS but programs iptables-mode chains here. */
    boolean ipvsFallback() {
        return ipvsFallback;
    }

    NodeNetworkData data() {
        return data;
    }

    /** Whether the data needed to check a Service port on this node was collected and read. */
    boolean canCheck(ServiceEndpoints s) {
        return switch (mode) {
            case IPVS -> data.ipvs() != null;
            case IPTABLES -> (isV6(s.port().clusterIp()) ? data.ip6tables() : data.iptables()) != null;
            default -> false;
        };
    }

    ServiceRoute route(ServiceEndpoints s) {
        return routing.route(s.port(), s.expected());
    }

    /**
     * Whether kube-proxy's state is gone wholesale: iptables-save was collected and its nat table
     * holds none of kube-proxy's chains, and in IPVS mode the IPVS table (collected) has no virtual
     * service for any ClusterIP.
     */
    boolean rulesLost() {
        if (data.iptables() == null || !proxyChains(data.iptables()).isEmpty()) {
            return false;
        }
        if (mode == ProxyMode.IPVS) {
            return data.ipvs() != null && noClusterIpService(data.ipvs());
        }
        return mode == ProxyMode.IPTABLES;
    }

    /** The names of kube-proxy's chains in the nat table. */
    static List<String> proxyChains(IptablesDump dump) {
        IptablesTable nat = dump.table("nat");
        List<String> found = new ArrayList<>();
        if (nat != null) {
            for (String c : nat.chains().keySet()) {
                if (PROXY_CHAINS.contains(c) || PROXY_CHAIN_PREFIXES.stream().anyMatch(c::startsWith)) {
                    found.add(c);
                }
            }
        }
        return found;
    }

    /** The iptables-mode per-Service chains ({@code KUBE-SVC-*}) of the nat table. */
    static List<IptablesChain> serviceChains(IptablesDump dump) {
        IptablesTable nat = dump.table("nat");
        if (nat == null) {
            return List.of();
        }
        return nat.chains().values().stream().filter(c -> c.name().startsWith("KUBE-SVC-")).toList();
    }

    private boolean noClusterIpService(IpvsTable ipvs) {
        for (VirtualService vs : ipvs.services()) {
            if (vs.address() != null && clusterIps.contains(Cidr.addressKey(vs.address()))) {
                return false;
            }
        }
        return true;
    }

    /** The kube-ipvs0 record holding an address, or null. */
    IpAddrRecord ipvsAddress(String ip) {
        return routing.ipvsAddress(ip);
    }

    /** Whether the node has a kube-ipvs0 device with any address. */
    boolean hasIpvsDevice() {
        return routing.hasIpvsDevice();
    }

    /** The file of the node's folder a routing hop or endpoint was read from. */
    String fileOf(String source) {
        return switch (source == null ? "" : source) {
            case "iptables-save" -> NodePaths.IPTABLES_SAVE;
            case "ip6tables-save" -> NodePaths.IP6TABLES_SAVE;
            case "ipvsadm" -> parsed.ipvsFile();
            case "ip-addr" -> NodePaths.IP_ADDR;
            default -> null;
        };
    }

    /** The text of a 1-based line of one of the node's files, or null. */
    String line(String file, int line) {
        if (file == null || line < 1) {
            return null;
        }
        String[] text = lines.computeIfAbsent(file, f -> {
            String t = parsed.files().files().get(f);
            return t == null ? new String[0] : t.split("\r?\n", -1);
        });
        return line <= text.length ? text[line - 1] : null;
    }

    /** Evidence at a line of one of the node's files, quoting the line. */
    Evidence evidence(String file, int line, String label, String detail) {
        return Evidence.node(name(), file, Math.max(0, line), label, detail, line(file, line));
    }

    /** A note per collected file that could not be read, so a finding says what it could not check. */
    List<Evidence> problemNotes() {
        List<Evidence> notes = new ArrayList<>();
        parsed.problems().forEach((file, problem) -> {
            Matcher m = PROBLEM_LINE.matcher(problem);
            int line = m.find() ? Integer.parseInt(m.group(1)) : 0;
            notes.add(Evidence.node(name(), file, line, "note: file not read",
                    "could not be parsed, so it was not checked: " + problem, line(file, line)));
        });
        return notes;
    }

    static boolean isV6(String ip) {
        return ip.indexOf(':') >= 0;
    }
}
