package io.kubetriage.ui.internal.nodes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kubetriage.core.node.Cidr;
import io.kubetriage.core.node.NodeDataFormatException;
import io.kubetriage.core.node.ipaddr.IpAddrParser;
import io.kubetriage.core.node.ipaddr.IpAddrRecord;
import io.kubetriage.core.node.netfilter.iptables.IptablesChain;
import io.kubetriage.core.node.netfilter.iptables.IptablesDump;
import io.kubetriage.core.node.netfilter.iptables.IptablesRule;
import io.kubetriage.core.node.netfilter.iptables.IptablesSaveParser;
import io.kubetriage.core.node.netfilter.iptables.IptablesTable;
import io.kubetriage.core.node.netfilter.ipvs.IpvsProtocol;
import io.kubetriage.core.node.netfilter.ipvs.IpvsTable;
import io.kubetriage.core.node.netfilter.ipvs.IpvsadmParser;
import io.kubetriage.core.node.netfilter.ipvs.RealServer;
import io.kubetriage.core.node.netfilter.ipvs.VirtualService;
import io.kubetriage.core.node.section.NodeData;
import io.kubetriage.core.node.section.NodeDataException;
import io.kubetriage.core.node.section.NodeFiles;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.node.section.NodeSectionCodec;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * The node data of one snapshot as the node views show it: the nodes' raw files, the Service ports
 * of the snapshot with their ready endpoints, and the Service CIDR the checks use. Nodes are parsed
 * one at a time, on demand ({@link #parse(String)}). Headless; safe to use from a job.
 */
public final class NodeSnapshot {

    /** The interface that holds every ClusterIP in IPVS mode. */
    static final String KUBE_IPVS0 = "kube-ipvs0";

    private static final Pattern SERVICE_RANGE = Pattern.compile("--service-cluster-ip-range[=\\s]+\"?([0-9A-Fa-f.:/,]+)");

    /**
     * One port of a Service of the snapshot.
     *
     * @param endpoints the ready endpoints ({@code ip:port}) of its Endpoints object; null when the
     *                  snapshot has no Endpoints object for the Service
     */
    public record ServicePortInfo(String namespace, String name, String portName, String clusterIp, int port,
            String protocol, List<String> endpoints) {

        /** {@code namespace/name:port}, as kube-proxy names it. */
        public String displayName() {
            return namespace + "/" + name + (portName == null || portName.isEmpty() ? "" : ":" + portName);
        }
    }

    /**
     * The Service CIDR the checks use, and where it came from (shown to the user).
     *
     * @param cidr   the CIDR
     * @param source a sentence naming where it came from
     */
    public record ServiceCidr(Cidr cidr, String source) {
    }

    /** A virtual service with what the snapshot's API objects say about it. */
    public record IpvsRow(VirtualService service, ServicePortInfo servicePort, String state, Boolean onKubeIpvs0) {

        public boolean broken() {
            return !NodeIds.STATE_OK.equals(state);
        }
    }

    /** One iptables rule with its table. */
    public record RuleRow(String table, IptablesRule rule) {
    }

    /**
     * One node, parsed. A file that was not collected is null with no problem; a file that could
     * not be read is null with the problem.
     */
    public record ParsedNode(String name, IptablesDump iptables, String iptablesProblem, IpvsTable ipvs,
            String ipvsProblem, List<IpAddrRecord> addresses, String addressesProblem, List<IpvsRow> ipvsRows,
            List<RuleRow> rules, boolean kubeProxyChains) {
    }

    private final String snapshotName;
    private final NodeData data;
    private final List<ServicePortInfo> services;
    private final ServiceCidr serviceCidr;

    private NodeSnapshot(String snapshotName, NodeData data, List<ServicePortInfo> services, ServiceCidr serviceCidr) {
        this.snapshotName = snapshotName;
        this.data = data;
        this.services = services;
        this.serviceCidr = serviceCidr;
    }

    /**
     * Reads the node data and the Services of a snapshot.
     *
     * @param defaultCidr the Service CIDR to assume when nothing in the snapshot tells (a preference)
     * @throws NodeDataException when the node sections cannot be read
     */
    public static NodeSnapshot of(Snapshot snapshot, String defaultCidr) throws NodeDataException {
        NodeData data = NodeSectionCodec.decode(snapshot);
        List<ServicePortInfo> services = services(snapshot);
        return new NodeSnapshot(snapshot.manifest().name(), data, services, serviceCidr(data, services, defaultCidr));
    }

    public String snapshotName() {
        return snapshotName;
    }

    public NodeData data() {
        return data;
    }

    public List<String> nodeNames() {
        return data.nodeNames();
    }

    public List<ServicePortInfo> services() {
        return services;
    }

    public ServiceCidr serviceCidr() {
        return serviceCidr;
    }

    /** The files of a node's {@code /etc/cni/net.d} by name; empty when none were collected. */
    public Map<String, String> cniFiles(String node) {
        return data.node(node).map(n -> n.filesUnder(NodePaths.CNI_DIR)).orElse(Map.of());
    }

    // ---------------------------------------------------------------- Services and endpoints

    static List<ServicePortInfo> services(Snapshot snapshot) {
        Map<String, Object> endpoints = new java.util.HashMap<>();
        for (ApiObject o : snapshot.objects()) {
            if (o.key().kind().equals("Endpoints") && o.key().group().isEmpty()) {
                endpoints.put(o.key().namespace() + "/" + o.key().name(), read(o));
            }
        }
        List<ServicePortInfo> out = new ArrayList<>();
        for (ApiObject o : snapshot.objects()) {
            if (!o.key().kind().equals("Service") || !o.key().group().isEmpty()) {
                continue;
            }
            Object svc = read(o);
            String clusterIp = MiniJson.text(svc, "spec", "clusterIP");
            if (clusterIp == null || clusterIp.isEmpty() || clusterIp.equals("None")) {
                continue;
            }
            Set<String> ips = new LinkedHashSet<>();
            ips.add(clusterIp);
            for (Object ip : MiniJson.list(svc, "spec", "clusterIPs")) {
                if (ip instanceof String s && !s.isEmpty()) {
                    ips.add(s);
                }
            }
            Object ep = endpoints.get(o.key().namespace() + "/" + o.key().name());
            for (Object port : MiniJson.list(svc, "spec", "ports")) {
                String number = MiniJson.text(port, "port");
                if (number == null) {
                    continue;
                }
                String portName = MiniJson.text(port, "name");
                String protocol = MiniJson.text(port, "protocol");
                protocol = protocol == null ? "TCP" : protocol.toUpperCase(Locale.ROOT);
                List<String> ready = ep == null ? null : readyEndpoints(ep, portName, protocol);
                for (String ip : ips) {
                    try {
                        out.add(new ServicePortInfo(o.key().namespace(), o.key().name(), portName, ip,
                                Integer.parseInt(number), protocol, ready));
                    } catch (NumberFormatException e) {
                        // a port that is not a number is not served by any rule
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static Object read(ApiObject o) {
        try {
            return MiniJson.parse(o.json());
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** The ready addresses of the Endpoints subsets that carry the Service port, as {@code ip:port}. */
    private static List<String> readyEndpoints(Object endpoints, String portName, String protocol) {
        TreeSet<String> ready = new TreeSet<>();
        for (Object subset : MiniJson.list(endpoints, "subsets")) {
            List<?> ports = MiniJson.list(subset, "ports");
            for (Object p : ports) {
                String name = MiniJson.text(p, "name");
                String proto = MiniJson.text(p, "protocol");
                boolean sameName = (portName == null || portName.isEmpty()) ? (name == null || name.isEmpty()
                        || ports.size() == 1) : portName.equals(name);
                if (!sameName || !protocol.equalsIgnoreCase(proto == null ? "TCP" : proto)) {
                    continue;
                }
                String number = MiniJson.text(p, "port");
                for (Object a : MiniJson.list(subset, "addresses")) {
                    String ip = MiniJson.text(a, "ip");
                    if (ip != null && number != null) {
                        ready.add(hostPort(ip, number));
                    }
                }
            }
        }
        return List.copyOf(ready);
    }

    static String hostPort(String address, Object port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    // ---------------------------------------------------------------- the Service CIDR

    static ServiceCidr serviceCidr(NodeData data, List<ServicePortInfo> services, String defaultCidr) {
        for (NodeFiles node : data.nodes()) {
            for (Map.Entry<String, String> f : node.filesUnder(NodePaths.MANIFESTS_DIR).entrySet()) {
                Matcher m = SERVICE_RANGE.matcher(f.getValue());
                if (m.find()) {
                    for (String part : m.group(1).split(",")) {
                        Cidr cidr = Cidr.parse(part.strip());
                        if (cidr != null) {
                            return new ServiceCidr(cidr, cidr + " from --service-cluster-ip-range in "
                                    + NodePaths.MANIFESTS_DIR + "/" + f.getKey() + " of node " + node.node());
                        }
                    }
                }
            }
        }
        Cidr fallback = Cidr.parse(defaultCidr == null ? "" : defaultCidr.strip());
        if (fallback == null) {
            fallback = Cidr.parse(NodeIds.DEFAULT_SERVICE_CIDR);
        }
        Cidr kubespray = Cidr.parse(NodeIds.KUBESPRAY_SERVICE_CIDR);
        String kubernetesIp = null;
        for (ServicePortInfo s : services) {
            if (s.namespace().equals("default") && s.name().equals("kubernetes")) {
                kubernetesIp = s.clusterIp();
                break;
            }
        }
        String why = "no kube-apiserver manifest with --service-cluster-ip-range in the snapshot";
        if (kubernetesIp != null && kubespray.contains(kubernetesIp) && !fallback.contains(kubernetesIp)) {
            return new ServiceCidr(kubespray, kubespray + " (heuristic: " + why + "; the kubernetes Service's ClusterIP "
                    + kubernetesIp + " lies in kubespray's default range)");
        }
        return new ServiceCidr(fallback, fallback + " (preference default: " + why + ")");
    }

    // ---------------------------------------------------------------- one node

    /** Parses a node's files; the node must be one of {@link #nodeNames()}. */
    public ParsedNode parse(String nodeName) {
        NodeFiles node = data.node(nodeName).orElseThrow(() -> new IllegalArgumentException("no node " + nodeName));
        Map<String, String> files = node.files();

        IptablesDump iptables = null;
        String iptablesProblem = null;
        String text = files.get(NodePaths.IPTABLES_SAVE);
        if (text != null) {
            try {
                iptables = new IptablesSaveParser().parse(text);
            } catch (NodeDataFormatException e) {
                iptablesProblem = e.describe(NodePaths.IPTABLES_SAVE);
            }
        }

        IpvsTable ipvs = null;
        String ipvsProblem = null;
        String ipvsFile = files.containsKey(NodePaths.IPVSADM_SAVE) ? NodePaths.IPVSADM_SAVE
                : files.containsKey(NodePaths.IPVSADM_LN) ? NodePaths.IPVSADM_LN : null;
        if (ipvsFile != null) {
            try {
                ipvs = new IpvsadmParser().parse(files.get(ipvsFile));
            } catch (NodeDataFormatException e) {
                ipvsProblem = e.describe(ipvsFile);
            }
        }

        List<IpAddrRecord> addresses = null;
        String addressesProblem = null;
        if (files.containsKey(NodePaths.IP_ADDR)) {
            try {
                addresses = new IpAddrParser().parse(files.get(NodePaths.IP_ADDR));
            } catch (NodeDataFormatException e) {
                addressesProblem = e.describe(NodePaths.IP_ADDR);
            }
        }

        List<IpvsRow> ipvsRows = new ArrayList<>();
        if (ipvs != null) {
            for (VirtualService vs : ipvs.services()) {
                ipvsRows.add(row(vs, addresses));
            }
        }
        List<RuleRow> rules = new ArrayList<>();
        boolean kubeChains = false;
        if (iptables != null) {
            for (IptablesTable table : iptables.tables().values()) {
                for (IptablesChain chain : table.chains().values()) {
                    kubeChains |= chain.name().startsWith("KUBE-");
                    for (IptablesRule r : chain.rules()) {
                        rules.add(new RuleRow(table.name(), r));
                    }
                }
            }
        }
        return new ParsedNode(nodeName, iptables, iptablesProblem, ipvs, ipvsProblem, addresses, addressesProblem,
                Collections.unmodifiableList(ipvsRows), Collections.unmodifiableList(rules), kubeChains);
    }

    private IpvsRow row(VirtualService vs, List<IpAddrRecord> addresses) {
        ServicePortInfo match = null;
        if (vs.protocol() != IpvsProtocol.FWM) {
            for (ServicePortInfo s : services) {
                if (s.port() == vs.port() && IpvsProtocol.ofServiceProtocol(s.protocol()) == vs.protocol()
                        && Cidr.sameAddress(s.clusterIp(), vs.address())) {
                    match = s;
                    break;
                }
            }
        }
        String state;
        if (vs.realServers().isEmpty()) {
            state = NodeIds.STATE_NO_REAL_SERVERS;
        } else if (match != null && match.endpoints() != null && !sameEndpoints(vs.realServers(), match.endpoints())) {
            state = NodeIds.STATE_DIFFERS;
        } else {
            state = NodeIds.STATE_OK;
        }
        Boolean onIpvs0 = addresses == null || vs.address() == null ? null
                : IpAddrParser.holds(addresses, KUBE_IPVS0, vs.address());
        return new IpvsRow(vs, match, state, onIpvs0);
    }

    private static boolean sameEndpoints(List<RealServer> servers, List<String> endpoints) {
        Set<String> real = new TreeSet<>();
        servers.forEach(r -> real.add(r.endpoint()));
        return real.equals(new TreeSet<>(endpoints));
    }

    /**
     * The ClusterIPs of the snapshot's Services that are not on {@code kube-ipvs0}, each with its
     * Service; null when {@code ip addr} was not collected.
     */
    static List<String> clusterIpsMissingOnKubeIpvs0(List<IpAddrRecord> addresses, List<ServicePortInfo> services) {
        if (addresses == null) {
            return null;
        }
        Set<String> missing = new LinkedHashSet<>();
        for (ServicePortInfo s : services) {
            if (!IpAddrParser.holds(addresses, KUBE_IPVS0, s.clusterIp())) {
                missing.add(s.clusterIp() + " (" + s.namespace() + "/" + s.name() + ")");
            }
        }
        return List.copyOf(missing);
    }
}
