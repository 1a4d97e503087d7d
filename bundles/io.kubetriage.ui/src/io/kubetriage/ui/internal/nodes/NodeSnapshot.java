package io.kubetriage.ui.internal.nodes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.kubetriage.core.diagnosis.DerivedData;
import io.kubetriage.core.node.Cidr;
import io.kubetriage.core.node.ProxyMode;
import io.kubetriage.core.node.ipaddr.IpAddrParser;
import io.kubetriage.core.node.ipaddr.IpAddrRecord;
import io.kubetriage.core.node.model.ClusterServices;
import io.kubetriage.core.node.model.DiagnosisNodeData;
import io.kubetriage.core.node.model.DiagnosisNodeData.NodeSections;
import io.kubetriage.core.node.model.NodeParsing;
import io.kubetriage.core.node.model.ParsedNode;
import io.kubetriage.core.node.model.ServiceEndpoints;
import io.kubetriage.core.node.netfilter.iptables.IptablesChain;
import io.kubetriage.core.node.netfilter.iptables.IptablesDump;
import io.kubetriage.core.node.netfilter.iptables.IptablesRule;
import io.kubetriage.core.node.netfilter.iptables.IptablesTable;
import io.kubetriage.core.node.netfilter.ipvs.IpvsProtocol;
import io.kubetriage.core.node.netfilter.ipvs.IpvsTable;
import io.kubetriage.core.node.netfilter.ipvs.RealServer;
import io.kubetriage.core.node.netfilter.ipvs.VirtualService;
import io.kubetriage.core.node.routing.Hop;
import io.kubetriage.core.node.routing.ServiceRoute;
import io.kubetriage.core.node.routing.ServiceRouting;
import io.kubetriage.core.node.section.NodeData;
import io.kubetriage.core.node.section.NodeDataException;
import io.kubetriage.core.node.section.NodeFiles;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.ui.internal.KubetriageUiPlugin;

/**
 * The node data of one snapshot as the node views show it: the nodes' raw files, the Service ports
 * of the snapshot with their endpoints ({@link ClusterServices}), the Service CIDR the checks use,
 * and the findings of its diagnosis by node location. Nodes are parsed with {@link NodeParsing}
 * one at a time, on demand ({@link #parse(String)}), so the views see what the detectors see.
 * Headless; safe to use from a job.
 */
public final class NodeSnapshot {

    /** The interface that holds every ClusterIP in IPVS mode. */
    static final String KUBE_IPVS0 = "kube-ipvs0";

    private static final Pattern SERVICE_RANGE = Pattern.compile("--service-cluster-ip-range[=\\s]+\"?([0-9A-Fa-f.:/,]+)");

    /**
     * The Service CIDR the checks use, and where it came from (shown to the user).
     *
     * @param cidr   the CIDR
     * @param source a sentence naming where it came from
     */
    public record ServiceCidr(Cidr cidr, String source) {
    }

    /**
     * A row of the IPVS table: a virtual service with what the snapshot's API objects say about
     * it, or a Service port that has no virtual service at all on the node.
     *
     * @param service     the virtual service; null for a missing one
     * @param servicePort the Service port it serves; null when no Service of the snapshot matches
     * @param state       one of the {@code NodeIds.STATE_*} texts
     * @param onKubeIpvs0 whether kube-ipvs0 holds the address; null when not known
     */
    public record IpvsRow(VirtualService service, ServiceEndpoints servicePort, String state, Boolean onKubeIpvs0) {

        public boolean broken() {
            return !NodeIds.STATE_OK.equals(state);
        }

        /** Whether the row stands for a virtual service the node lacks. */
        public boolean missing() {
            return service == null;
        }

        /** The line of the virtual service in the IPVS file, or 0 for a missing one. */
        public int line() {
            return service == null ? 0 : service.lineNumber();
        }
    }

    /** One iptables rule with its table. */
    public record RuleRow(String table, IptablesRule rule) {
    }

    /**
     * One node, parsed, as the tables show it.
     *
     * @param parsed          the node's files parsed by the core model
     * @param ipvsRows        the virtual services, then the Service ports without one
     * @param rules           every iptables rule, table by table, in dump order
     * @param kubeProxyChains whether the iptables dump has any KUBE-* chain
     */
    public record NodeTables(ParsedNode parsed, List<IpvsRow> ipvsRows, List<RuleRow> rules, boolean kubeProxyChains) {

        public String name() {
            return parsed.name();
        }

        public IptablesDump iptables() {
            return parsed.data().iptables();
        }

        public IpvsTable ipvs() {
            return parsed.data().ipvs();
        }

        public List<IpAddrRecord> addresses() {
            return parsed.data().addresses();
        }

        public String iptablesProblem() {
            return parsed.problems().get(NodePaths.IPTABLES_SAVE);
        }

        public String ipvsProblem() {
            return parsed.ipvsFile() == null ? null : parsed.problems().get(parsed.ipvsFile());
        }

        public String addressesProblem() {
            return parsed.problems().get(NodePaths.IP_ADDR);
        }
    }

    private final Snapshot source;
    private final NodeData data;
    private final List<ServiceEndpoints> services;
    private final ServiceCidr serviceCidr;
    private final ProxyMode proxyMode;
    private final NodeFindings findings;
    private final DerivedData derived;

    private NodeSnapshot(Snapshot source, NodeData data, List<ServiceEndpoints> services, ServiceCidr serviceCidr,
            ProxyMode proxyMode, NodeFindings findings, DerivedData derived) {
        this.derived = derived;
        this.source = source;
        this.data = data;
        this.services = services;
        this.serviceCidr = serviceCidr;
        this.proxyMode = proxyMode;
        this.findings = findings;
    }

    /**
     * Reads the node data and the Services of a snapshot, without findings.
     *
     * @param defaultCidr the Service CIDR to assume when nothing in the snapshot tells (a preference)
     * @throws NodeDataException when the node sections cannot be read
     */
    public static NodeSnapshot of(Snapshot snapshot, String defaultCidr) throws NodeDataException {
        return of(snapshot, defaultCidr, new DerivedData());
    }

    /**
     * Reads the node data and the Services of a snapshot, without findings, sharing what a diagnosis
     * of the same snapshot derives (or will): the decoded sections, the Service ports, parsed nodes.
     *
     * @param derived the derived data of a diagnosis input on this snapshot, or a new one
     * @throws NodeDataException when the node sections cannot be read
     */
    public static NodeSnapshot of(Snapshot snapshot, String defaultCidr, DerivedData derived) throws NodeDataException {
        NodeSections sections = DiagnosisNodeData.sections(derived, snapshot);
        List<ServiceEndpoints> services = DiagnosisNodeData.services(derived, snapshot);
        return new NodeSnapshot(snapshot, sections.data(), services, serviceCidr(sections.data(), services, defaultCidr),
                sections.mode(), NodeFindings.NONE, derived);
    }

    /**
     * Reads a snapshot file, its node data and Services, and diagnoses it. The Service CIDR assumed
     * is the preference's.
     *
     * @throws IOException           when the file cannot be read
     * @throws SnapshotFormatException when it is no snapshot
     * @throws NodeDataException     when its node sections cannot be read
     */
    public static NodeSnapshot read(Path file, IProgressMonitor monitor)
            throws IOException, SnapshotFormatException, NodeDataException {
        SubMonitor progress = SubMonitor.convert(monitor, "Reading " + file.getFileName(), 2);
        NodeSnapshot read = readUndiagnosed(file, progress.split(1));
        progress.subTask("Diagnosing");
        NodeFindings found = NodeDiagnosis.of(read);
        progress.split(1);
        return read.withFindings(found);
    }

    /**
     * Reads a snapshot file, its node data and Services, with {@link NodeFindings#PENDING} findings:
     * what a view shows while the diagnosis runs on (it takes seconds on a node with 100k rules).
     *
     * @throws IOException           when the file cannot be read
     * @throws SnapshotFormatException when it is no snapshot
     * @throws NodeDataException     when its node sections cannot be read
     */
    public static NodeSnapshot readUndiagnosed(Path file, IProgressMonitor monitor)
            throws IOException, SnapshotFormatException, NodeDataException {
        SubMonitor progress = SubMonitor.convert(monitor, "Reading " + file.getFileName(), 2);
        Snapshot snapshot = SnapshotStore.read(file);
        progress.worked(1);
        NodeSnapshot read = of(snapshot, preferredServiceCidr());
        progress.worked(1);
        return read.withFindings(NodeFindings.PENDING);
    }

    /** The same node data with the findings of a diagnosis. */
    public NodeSnapshot withFindings(NodeFindings newFindings) {
        return new NodeSnapshot(source, data, services, serviceCidr, proxyMode, newFindings, derived);
    }

    /** The Service CIDR the user set as the default, else kube-apiserver's default. */
    public static String preferredServiceCidr() {
        KubetriageUiPlugin plugin = KubetriageUiPlugin.getDefault();
        String cidr = plugin == null ? "" : plugin.getPreferenceStore().getString(NodeIds.PREF_DEFAULT_SERVICE_CIDR);
        return cidr.isBlank() ? NodeIds.DEFAULT_SERVICE_CIDR : cidr;
    }

    public Snapshot snapshot() {
        return source;
    }

    /** What this node data shares with a diagnosis of its snapshot (parsed nodes, Service ports). */
    public DerivedData derived() {
        return derived;
    }

    public String snapshotName() {
        return source.manifest().name();
    }

    public NodeData data() {
        return data;
    }

    public List<String> nodeNames() {
        return data.nodeNames();
    }

    /** Every ClusterIP Service port of the snapshot with its endpoints. */
    public List<ServiceEndpoints> services() {
        return services;
    }

    public ServiceCidr serviceCidr() {
        return serviceCidr;
    }

    /** kube-proxy's configured mode, UNKNOWN when the snapshot does not tell. */
    public ProxyMode proxyMode() {
        return proxyMode;
    }

    /** The findings of the snapshot's diagnosis; {@link NodeFindings#NONE} when it was not diagnosed. */
    public NodeFindings findings() {
        return findings;
    }

    /** The files of a node's {@code /etc/cni/net.d} by name; empty when none were collected. */
    public Map<String, String> cniFiles(String node) {
        return data.node(node).map(n -> n.filesUnder(NodePaths.CNI_DIR)).orElse(Map.of());
    }

    // ---------------------------------------------------------------- the Service CIDR

    static ServiceCidr serviceCidr(NodeData data, List<ServiceEndpoints> services, String defaultCidr) {
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
        String kubernetesIp = ClusterServices.kubernetes(services).map(s -> s.port().clusterIp()).orElse(null);
        String why = "no kube-apiserver manifest with --service-cluster-ip-range in the snapshot";
        if (kubernetesIp != null && kubespray.contains(kubernetesIp) && !fallback.contains(kubernetesIp)) {
            return new ServiceCidr(kubespray, kubespray + " (heuristic: " + why + "; the kubernetes Service's ClusterIP "
                    + kubernetesIp + " lies in kubespray's default range)");
        }
        return new ServiceCidr(fallback, fallback + " (preference default: " + why + ")");
    }

    // ---------------------------------------------------------------- one node

    /** Parses a node's files; the node must be one of {@link #nodeNames()}. */
    public NodeTables parse(String nodeName) {
        return tables(parseModel(nodeName));
    }

    /** A node's files parsed with the core model only (what the routing model needs); parsed once. */
    public ParsedNode parseModel(String nodeName) {
        NodeFiles node = data.node(nodeName).orElseThrow(() -> new IllegalArgumentException("no node " + nodeName));
        try {
            return DiagnosisNodeData.node(derived, source, node.node());
        } catch (NodeDataException e) {
            // the sections were decoded when this was made; parse the files at hand then
            return NodeParsing.parse(node, proxyMode);
        }
    }

    private NodeTables tables(ParsedNode parsed) {
        List<IpvsRow> ipvsRows = new ArrayList<>();
        IpvsTable ipvs = parsed.data().ipvs();
        List<IpAddrRecord> addresses = parsed.data().addresses();
        if (ipvs != null) {
            // indexes, not scans: a node may have a hundred thousand virtual services and ClusterIPs
            Map<String, ServiceEndpoints> byVirtualService = new HashMap<>();
            for (ServiceEndpoints s : services) {
                IpvsProtocol protocol = IpvsProtocol.ofServiceProtocol(s.port().protocol());
                if (protocol != null && s.port().clusterIp() != null) {
                    byVirtualService.putIfAbsent(virtualServiceKey(protocol, s.port().clusterIp(), s.port().port()), s);
                }
            }
            Set<String> onKubeIpvs0 = addresses == null ? null : addressesOn(addresses, KUBE_IPVS0);
            Set<ServiceEndpoints> served = new HashSet<>();
            ServiceRouting routing = ServiceRouting.on(parsed.data());
            for (VirtualService vs : ipvs.services()) {
                IpvsRow row = row(vs, byVirtualService, onKubeIpvs0);
                ipvsRows.add(row);
                if (row.servicePort() != null) {
                    served.add(row.servicePort());
                }
            }
            for (ServiceEndpoints s : services) {
                if (!served.contains(s) && lacksVirtualService(routing, s)) {
                    ipvsRows.add(new IpvsRow(null, s, NodeIds.STATE_MISSING, onKubeIpvs0 == null ? null
                            : onKubeIpvs0.contains(addressKey(s.port().clusterIp()))));
                }
            }
        }
        List<RuleRow> rules = new ArrayList<>();
        boolean kubeChains = false;
        IptablesDump iptables = parsed.data().iptables();
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
        return new NodeTables(parsed, Collections.unmodifiableList(ipvsRows), Collections.unmodifiableList(rules),
                kubeChains);
    }

    /** Whether the routing model looks for a virtual service of the Service port on the node and finds none. */
    private static boolean lacksVirtualService(ServiceRouting routing, ServiceEndpoints s) {
        ServiceRoute route = routing.route(s.port(), s.expected());
        return route.hops(Hop.Kind.IPVS_VIRTUAL_SERVICE).stream().anyMatch(h -> h.state() == Hop.State.MISSING);
    }

    private static IpvsRow row(VirtualService vs, Map<String, ServiceEndpoints> byVirtualService,
            Set<String> onKubeIpvs0) {
        ServiceEndpoints match = vs.protocol() == IpvsProtocol.FWM || vs.address() == null ? null
                : byVirtualService.get(virtualServiceKey(vs.protocol(), vs.address(), vs.port()));
        String state;
        if (vs.realServers().isEmpty()) {
            state = NodeIds.STATE_NO_REAL_SERVERS;
        } else if (match != null && match.expected() != null && !sameEndpoints(vs.realServers(), match.expected())) {
            state = NodeIds.STATE_DIFFERS;
        } else {
            state = NodeIds.STATE_OK;
        }
        Boolean onIpvs0 = onKubeIpvs0 == null || vs.address() == null ? null
                : onKubeIpvs0.contains(addressKey(vs.address()));
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
    static List<String> clusterIpsMissingOnKubeIpvs0(List<IpAddrRecord> addresses, List<ServiceEndpoints> services) {
        if (addresses == null) {
            return null;
        }
        Set<String> onKubeIpvs0 = addressesOn(addresses, KUBE_IPVS0);
        Set<String> missing = new LinkedHashSet<>();
        for (ServiceEndpoints s : services) {
            if (s.port().clusterIp() == null || !onKubeIpvs0.contains(addressKey(s.port().clusterIp()))) {
                missing.add(s.port().clusterIp() + " (" + s.service().namespace() + "/" + s.service().name() + ")");
            }
        }
        return List.copyOf(missing);
    }

    /** The addresses of an interface, by {@link #addressKey(String)}; what {@link IpAddrParser#holds} looks for. */
    private static Set<String> addressesOn(List<IpAddrRecord> addresses, String interfaceName) {
        Set<String> keys = new HashSet<>();
        for (IpAddrRecord a : addresses) {
            if (a.interfaceName().equals(interfaceName) && a.address() != null) {
                keys.add(addressKey(a.address()));
            }
        }
        return keys;
    }

    private static String addressKey(String address) {
        return Cidr.addressKey(address);
    }

    private static String virtualServiceKey(IpvsProtocol protocol, String address, int port) {
        return protocol + " " + addressKey(address) + " " + port;
    }
}
