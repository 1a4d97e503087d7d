package io.kubetriage.core.node.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.kubetriage.core.node.Cidr;
import io.kubetriage.core.node.NodeNetworkData;
import io.kubetriage.core.node.ProxyMode;
import io.kubetriage.core.node.ipaddr.IpAddrRecord;
import io.kubetriage.core.node.netfilter.iptables.IptablesChain;
import io.kubetriage.core.node.netfilter.iptables.IptablesDump;
import io.kubetriage.core.node.netfilter.iptables.IptablesRule;
import io.kubetriage.core.node.netfilter.iptables.IptablesTable;
import io.kubetriage.core.node.netfilter.iptables.MatchModule;
import io.kubetriage.core.node.netfilter.iptables.RuleOption;
import io.kubetriage.core.node.netfilter.ipvs.IpvsProtocol;
import io.kubetriage.core.node.netfilter.ipvs.RealServer;
import io.kubetriage.core.node.netfilter.ipvs.VirtualService;
import io.kubetriage.core.node.routing.Hop.Kind;
import io.kubetriage.core.node.routing.Hop.State;
import io.kubetriage.core.node.routing.ServiceRoute.Verdict;

/**
 * The per-node Service routing model: from a node's parsed data, what the node would do with a
 * new connection to a Service's ClusterIP and port.
 *
 * <p>In IPVS mode: the virtual service and its real servers, and whether {@code kube-ipvs0} holds
 * the ClusterIP. In iptables mode: the nat path {@code PREROUTING/OUTPUT -> KUBE-SERVICES ->
 * KUBE-SVC-* -> KUBE-SEP-* -> DNAT}, following jumps as netfilter does (statistic probabilities,
 * RETURN, fall-through); matches on what the model cannot know (the source address, marks, ipsets)
 * make the branch conditional. The filter table's {@code KUBE-SERVICES} REJECT rules ("has no
 * endpoints") are reported too.
 *
 * <p>{@link #on(NodeNetworkData)} indexes a node once (its addresses, virtual services and the
 * rules of the {@code KUBE-SERVICES} chains by destination), so that routing every Service port of
 * a large node costs time in proportion to the ports, not ports times rules. An instance is
 * immutable and may be shared between threads.
 */
public final class ServiceRouting {

    private static final double EPSILON = 1e-6;
    private static final int MAX_DEPTH = 32;

    private final NodeNetworkData node;
    private final NodeRoutingIndex index;

    private ServiceRouting(NodeNetworkData node) {
        this.node = node;
        this.index = new NodeRoutingIndex(node);
    }

    /** The routing of one node, indexed for routing many Service ports. */
    public static ServiceRouting on(NodeNetworkData node) {
        return new ServiceRouting(node);
    }

    /** The route of a Service port on a node (indexes the node for this one port). */
    public static ServiceRoute of(NodeNetworkData node, ServicePort service) {
        return on(node).route(service, null);
    }

    /** The route of a Service port on a node compared with the endpoints the API server lists (indexes the node for this one port). */
    public static ServiceRoute of(NodeNetworkData node, ServicePort service, List<String> expectedEndpoints) {
        return on(node).route(service, expectedEndpoints);
    }

    /** The node routed. */
    public NodeNetworkData node() {
        return node;
    }

    /** The first record of the node's {@code kube-ipvs0} device holding an address, or null. */
    public IpAddrRecord ipvsAddress(String address) {
        return index.ipvsAddress(address);
    }

    /** Whether the node has a {@code kube-ipvs0} device with any address. */
    public boolean hasIpvsDevice() {
        return index.hasIpvsDevice();
    }

    /** The route of a Service port on the node. */
    public ServiceRoute route(ServicePort service) {
        return route(service, null);
    }

    /**
     * The route of a Service port on the node, compared with the endpoints the API server lists.
     *
     * @param expectedEndpoints the ready endpoints as {@code address:port}, or null to skip the comparison
     */
    public ServiceRoute route(ServicePort service, List<String> expectedEndpoints) {
        ProxyMode mode = mode(service);
        Result r = switch (mode) {
            case IPVS -> ipvs(service);
            case IPTABLES -> iptables(service);
            default -> new Result(Verdict.UNKNOWN, mode == ProxyMode.NFTABLES
                    ? "kube-proxy's nftables mode is not modelled"
                    : "neither iptables-save nor ipvsadm output was collected on this node");
        };
        List<RoutedEndpoint> endpoints = merge(r.endpoints);
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        Verdict verdict = r.verdict;
        String summary = r.summary;
        if (expectedEndpoints != null && (verdict == Verdict.SERVED || verdict == Verdict.PARTIALLY_SERVED)) {
            Set<String> routed = new LinkedHashSet<>();
            endpoints.forEach(e -> routed.add(normalize(e.endpoint())));
            Set<String> expected = new LinkedHashSet<>();
            expectedEndpoints.forEach(e -> expected.add(normalize(e)));
            expected.stream().filter(e -> !routed.contains(e)).forEach(missing::add);
            routed.stream().filter(e -> !expected.contains(e)).forEach(unexpected::add);
            if (!missing.isEmpty() || !unexpected.isEmpty()) {
                verdict = Verdict.PARTIALLY_SERVED;
                summary = summary + (missing.isEmpty() ? "" : "; the node does not send to " + String.join(", ", missing))
                        + (unexpected.isEmpty() ? "" : "; the node sends to endpoints the API does not list: "
                                + String.join(", ", unexpected));
            }
        }
        return new ServiceRoute(node.nodeName(), service, mode, verdict, List.copyOf(r.hops), endpoints,
                List.copyOf(missing), List.copyOf(unexpected), summary);
    }

    private ProxyMode mode(ServicePort service) {
        if (node.proxyMode() != ProxyMode.UNKNOWN) {
            return node.proxyMode();
        }
        if (node.ipvs() != null && !node.ipvs().services().isEmpty()) {
            return ProxyMode.IPVS;
        }
        if (index.hasIpvsDevice()) {
            return ProxyMode.IPVS;
        }
        if (dump(node, service) != null) {
            return ProxyMode.IPTABLES;
        }
        return node.ipvs() != null ? ProxyMode.IPVS : ProxyMode.UNKNOWN;
    }

    private static IptablesDump dump(NodeNetworkData node, ServicePort service) {
        return isV6(service) ? node.ip6tables() : node.iptables();
    }

    private static boolean isV6(ServicePort service) {
        return service.clusterIp().indexOf(':') >= 0;
    }

    private static String dumpName(ServicePort service) {
        return isV6(service) ? "ip6tables-save" : "iptables-save";
    }

    // ---------------------------------------------------------------- IPVS

    private Result ipvs(ServicePort service) {
        Result r = new Result();
        if (node.ipvs() == null) {
            r.hops.add(new Hop(Kind.IPVS_VIRTUAL_SERVICE, service.target(), State.UNKNOWN, "ipvsadm", 0,
                    "ipvsadm output was not collected", true));
            r.set(Verdict.UNKNOWN, "kube-proxy runs in IPVS mode but ipvsadm output was not collected");
            return r;
        }
        IpvsProtocol protocol = IpvsProtocol.ofServiceProtocol(service.protocol());
        VirtualService vs = protocol == null ? null : index.virtualService(protocol, service.clusterIp(), service.port());
        String key = service.protocol() + " " + hostPort(service.clusterIp(), service.port());
        r.hops.add(new Hop(Kind.IPVS_VIRTUAL_SERVICE, key, vs == null ? State.MISSING : State.PRESENT, "ipvsadm",
                vs == null ? 0 : vs.lineNumber(), vs == null ? "no virtual service for the ClusterIP and port"
                        : "scheduler " + vs.scheduler() + ", " + vs.realServers().size() + " real server(s)", true));
        Hop address = clusterIpAddress(service);
        r.hops.add(address);
        setRule(service, r);
        if (vs == null) {
            r.set(Verdict.NOT_SERVED, "no IPVS virtual service for " + key + ": nothing on the node serves the ClusterIP");
            return r;
        }
        long totalWeight = 0;
        for (RealServer rs : vs.realServers()) {
            totalWeight += Math.max(0, rs.weight());
        }
        for (RealServer rs : vs.realServers()) {
            boolean drained = rs.weight() == 0;
            r.hops.add(new Hop(Kind.IPVS_REAL_SERVER, rs.endpoint(), State.PRESENT, "ipvsadm", rs.lineNumber(),
                    drained ? "weight 0: gets no new connections" : "weight " + rs.weight() + ", " + rs.forward(), false));
            if (!drained) {
                double share = rs.weight() < 0 || totalWeight == 0 ? 1.0 / vs.realServers().size()
                        : (double) rs.weight() / totalWeight;
                r.endpoints.add(new RoutedEndpoint(rs.address(), rs.port(), share, false, "ipvsadm", rs.lineNumber(),
                        vs.key()));
            }
        }
        if (r.endpoints.isEmpty()) {
            r.set(Verdict.NO_ENDPOINTS, "the virtual service " + key + " has no real server"
                    + (vs.realServers().isEmpty() ? "" : " with a weight above 0") + ": IPVS drops connections to it");
        } else if (address.state() == State.MISSING) {
            r.set(Verdict.NOT_SERVED, "the virtual service " + key + " exists, but kube-ipvs0 does not hold "
                    + service.clusterIp() + ", so packets to it are not delivered to IPVS");
        } else {
            r.set(Verdict.SERVED, "IPVS sends " + key + " to " + r.endpoints.size() + " real server(s)");
        }
        return r;
    }

    private Hop clusterIpAddress(ServicePort service) {
        String name = "kube-ipvs0 holds " + service.clusterIp();
        if (node.addresses() == null) {
            return new Hop(Kind.CLUSTER_IP_ADDRESS, name, State.UNKNOWN, "ip-addr", 0, "ip addr output was not collected",
                    true);
        }
        IpAddrRecord a = index.ipvsAddress(service.clusterIp());
        if (a != null) {
            return new Hop(Kind.CLUSTER_IP_ADDRESS, name, State.PRESENT, "ip-addr", a.lineNumber(), null, true);
        }
        boolean device = index.hasIpvsDevice();
        return new Hop(Kind.CLUSTER_IP_ADDRESS, name, State.MISSING, "ip-addr", 0,
                device ? "kube-ipvs0 does not hold the ClusterIP" : "there is no kube-ipvs0 address at all", true);
    }

    private void setRule(ServicePort service, Result r) {
        IptablesDump dump = dump(node, service);
        String name = "nat KUBE-SERVICES --match-set KUBE-CLUSTER-IP";
        if (dump == null) {
            r.hops.add(new Hop(Kind.CLUSTER_IP_SET_RULE, name, State.UNKNOWN, dumpName(service), 0,
                    dumpName(service) + " output was not collected", false));
            return;
        }
        IptablesRule rule = index.rules(isV6(service)).clusterIpSetRule();
        if (rule != null) {
            r.hops.add(new Hop(Kind.CLUSTER_IP_SET_RULE, name, State.PRESENT, dumpName(service), rule.lineNumber(),
                    "-j " + rule.targetName(), false));
            return;
        }
        r.hops.add(new Hop(Kind.CLUSTER_IP_SET_RULE, name, State.MISSING, dumpName(service), 0,
                "kube-proxy's IPVS-mode iptables rules are missing: traffic that needs masquerading fails", false));
    }

    // ---------------------------------------------------------------- iptables

    private Result iptables(ServicePort service) {
        Result r = new Result();
        IptablesDump dump = dump(node, service);
        String source = dumpName(service);
        if (dump == null) {
            r.set(Verdict.UNKNOWN, source + " output was not collected on this node");
            return r;
        }
        IptablesTable nat = dump.table("nat");
        int entries = 0;
        for (String builtIn : List.of("PREROUTING", "OUTPUT")) {
            IptablesRule jump = null;
            IptablesChain chain = nat == null ? null : nat.chain(builtIn);
            if (chain != null) {
                for (IptablesRule rule : chain.rules()) {
                    if ("KUBE-SERVICES".equals(rule.targetName())) {
                        jump = rule;
                        break;
                    }
                }
            }
            String detail = nat == null ? "the dump has no nat table" : jump == null ? "no jump to KUBE-SERVICES"
                    : builtIn.equals("PREROUTING") ? "traffic from pods" : "traffic from the node itself";
            r.hops.add(new Hop(Kind.ENTRY_JUMP, "nat " + builtIn + " -> KUBE-SERVICES",
                    jump == null ? State.MISSING : State.PRESENT, source, jump == null ? 0 : jump.lineNumber(), detail, true));
            if (jump != null) {
                entries++;
            }
        }

        NodeRoutingIndex.DumpRules rules = index.rules(isV6(service));
        Walker walker = new Walker(nat, service, source, index.localAddresses(), r,
                rules.natServices().candidates(service.clusterIp()));
        double unserved = 1.0;
        boolean serviceRule = false;
        if (nat != null && nat.hasChain("KUBE-SERVICES")) {
            unserved = walker.walk("KUBE-SERVICES", 1.0, false, 0, true);
            serviceRule = walker.serviceRuleFound;
        }
        IptablesRule reject = rejectRule(rules, service);
        if (reject == null) {
            reject = walker.rejectRule;
        }
        if (reject != null) {
            r.hops.add(new Hop(Kind.REJECT, reject.chain() + " -j " + reject.targetName(), State.PRESENT, source,
                    reject.lineNumber(), reject.comment(), false));
        }
        if (!serviceRule) {
            r.hops.add(new Hop(Kind.SERVICE_RULE, "KUBE-SERVICES " + service.target(), State.MISSING, source, 0,
                    nat == null ? "the dump has no nat table" : !nat.hasChain("KUBE-SERVICES")
                            ? "the nat table has no KUBE-SERVICES chain" : "no rule matches the ClusterIP and port", true));
        }
        double routed = 0;
        for (RoutedEndpoint e : r.endpoints) {
            if (!e.conditional()) {
                routed += e.probability();
            }
        }
        boolean anyEndpoint = !r.endpoints.isEmpty();
        boolean missingHop = r.hops.stream().anyMatch(h -> h.required() && h.state() == State.MISSING);
        if (!anyEndpoint) {
            if (reject != null) {
                r.set(Verdict.NO_ENDPOINTS, "kube-proxy rejects connections to " + service.target()
                        + (reject.comment() != null ? " (" + reject.comment() + ")" : ""));
            } else if (serviceRule) {
                r.set(Verdict.NO_ENDPOINTS, "the rules for " + service.target() + " lead to no DNAT rule");
            } else {
                r.set(Verdict.NOT_SERVED, nat == null || nat.rules().isEmpty()
                        ? "the nat table has no rules at all: nothing on the node serves ClusterIPs"
                        : "no iptables rule serves " + service.target());
            }
        } else if (entries == 0) {
            r.set(Verdict.NOT_SERVED, "rules for " + service.target() + " exist, but neither PREROUTING nor OUTPUT "
                    + "jumps to KUBE-SERVICES");
        } else if (missingHop || unserved > EPSILON && routed < 1 - EPSILON) {
            r.set(Verdict.PARTIALLY_SERVED, String.format(Locale.ROOT,
                    "%.0f%% of new connections to %s reach an endpoint", routed * 100, service.target())
                    + (missingHop ? "; missing: " + String.join(", ",
                            r.hops.stream().filter(h -> h.required() && h.state() == State.MISSING).map(Hop::name).toList())
                            : ""));
        } else {
            r.set(Verdict.SERVED, "iptables sends " + service.target() + " to " + merge(r.endpoints).size()
                    + " endpoint(s)");
        }
        return r;
    }

    /** kube-proxy's filter-table REJECT rule for a Service without endpoints, or null. */
    private static IptablesRule rejectRule(NodeRoutingIndex.DumpRules rules, ServicePort service) {
        for (NodeRoutingIndex.ChainRules chain : List.of(rules.filterServices(), rules.filterExternalServices())) {
            for (IptablesRule rule : chain.candidates(service.clusterIp())) {
                String t = rule.targetName();
                if (("REJECT".equals(t) || "DROP".equals(t)) && matches(rule, service, Set.of()) == Match.YES) {
                    return rule;
                }
            }
        }
        return null;
    }

    enum Match {
        YES,
        NO,
        /** Depends on something the model does not know (source address, mark, ipset, interface). */
        MAYBE
    }

    /** Whether a rule matches a new connection to the Service's ClusterIP and port. */
    static Match matches(IptablesRule rule, ServicePort service, Set<String> localAddresses) {
        boolean maybe = false;
        for (RuleOption o : rule.matches()) {
            switch (o.name()) {
                case "protocol" -> {
                    String p = o.value().toLowerCase(Locale.ROOT);
                    boolean same = p.equals("all") || p.equals("0") || p.equals(service.protocol().toLowerCase(Locale.ROOT));
                    if (same == o.negated()) {
                        return Match.NO;
                    }
                }
                case "destination" -> {
                    Cidr cidr = Cidr.parse(o.value());
                    boolean inside = cidr != null && cidr.contains(service.clusterIp());
                    if (cidr == null) {
                        maybe = true;
                    } else if (inside == o.negated()) {
                        return Match.NO;
                    }
                }
                default -> maybe = true; // source, interfaces, fragments
            }
        }
        for (MatchModule m : rule.modules()) {
            switch (m.name()) {
                case "comment", "statistic" -> {
                    // the comment is not a condition; statistic is handled as a probability
                }
                case "addrtype" -> {
                    for (RuleOption o : m.options()) {
                        if (o.name().equals("dst-type") && "LOCAL".equals(o.value())) {
                            boolean local = localAddresses.contains(normalizeAddress(service.clusterIp()));
                            if (local == o.negated()) {
                                return Match.NO;
                            }
                        } else {
                            maybe = true;
                        }
                    }
                }
                default -> {
                    for (RuleOption o : m.options()) {
                        switch (o.name()) {
                            case "dport", "destination-port", "dports", "destination-ports" -> {
                                boolean in = portIn(o.values(), service.port());
                                if (in == o.negated()) {
                                    return Match.NO;
                                }
                            }
                            default -> maybe = true;
                        }
                    }
                }
            }
        }
        return maybe ? Match.MAYBE : Match.YES;
    }

    private static boolean portIn(List<String> values, int port) {
        for (String v : values) {
            for (String part : v.split(",")) {
                int colon = part.indexOf(':');
                try {
                    if (colon < 0) {
                        if (Integer.parseInt(part.strip()) == port) {
                            return true;
                        }
                    } else {
                        int lo = colon == 0 ? 0 : Integer.parseInt(part.substring(0, colon).strip());
                        int hi = colon == part.length() - 1 ? 65535 : Integer.parseInt(part.substring(colon + 1).strip());
                        if (port >= lo && port <= hi) {
                            return true;
                        }
                    }
                } catch (NumberFormatException e) {
                    // a service name; not matched
                }
            }
        }
        return false;
    }

    /** Follows the nat chains from KUBE-SERVICES, as netfilter would for one new connection. */
    private static final class Walker {
        private final IptablesTable nat;
        private final ServicePort service;
        private final String source;
        private final Set<String> local;
        private final Result result;
        private final List<IptablesRule> topRules;
        private final Set<String> reported = new HashSet<>();
        boolean serviceRuleFound;
        IptablesRule rejectRule;

        /** @param topRules the rules of KUBE-SERVICES that may match the ClusterIP, in order */
        Walker(IptablesTable nat, ServicePort service, String source, Set<String> local, Result result,
                List<IptablesRule> topRules) {
            this.nat = nat;
            this.service = service;
            this.source = source;
            this.local = local;
            this.result = result;
            this.topRules = topRules;
        }

        /**
         * @param mass the share of connections entering the chain
         * @return the share that leaves the chain without a verdict (falls off its end or RETURNs)
         */
        double walk(String chainName, double mass, boolean conditional, int depth, boolean top) {
            IptablesChain chain = nat.chain(chainName);
            if (chain == null || depth > MAX_DEPTH) {
                return mass;
            }
            double returned = 0;
            // at the top only the rules that can match the ClusterIP: the others would not match anyway
            for (IptablesRule rule : top ? topRules : chain.rules()) {
                if (mass < EPSILON) {
                    break;
                }
                String target = rule.targetName();
                if (target == null) {
                    continue;
                }
                Match match = matches(rule, service, local);
                if (match == Match.NO) {
                    continue;
                }
                if (top && target.equals("KUBE-NODEPORTS")) {
                    continue; // reached only for node addresses, handled by addrtype when present
                }
                boolean cond = conditional || match == Match.MAYBE;
                double share = mass * rule.probability();
                if (nat.hasChain(target)) {
                    boolean tracked = isServiceChain(target) || isEndpointChain(target);
                    if (top && tracked && match == Match.YES) {
                        serviceRuleFound = true;
                        result.hops.add(new Hop(Kind.SERVICE_RULE, "KUBE-SERVICES -> " + target, State.PRESENT, source,
                                rule.lineNumber(), rule.comment(), true));
                    }
                    if (tracked && reported.add(target)) {
                        IptablesChain next = nat.chain(target);
                        String detail = isEndpointChain(target)
                                ? String.format(Locale.ROOT, "%.1f%% of connections", share * 100)
                                : next.rules().isEmpty() ? "empty: no endpoints" : next.rules().size() + " rule(s)";
                        result.hops.add(new Hop(isEndpointChain(target) ? Kind.ENDPOINT_CHAIN : Kind.SERVICE_CHAIN,
                                target, State.PRESENT, source, next.lineNumber(), detail, !cond));
                    }
                    int before = result.endpoints.size();
                    double back = walk(target, share, cond, depth + 1, false);
                    if (isEndpointChain(target) && result.endpoints.size() == before) {
                        result.hops.add(new Hop(Kind.DNAT, target + " DNAT", State.MISSING, source,
                                nat.chain(target).lineNumber(), "the endpoint chain has no DNAT rule", !cond));
                    }
                    if (!cond) {
                        mass -= share;
                        if (rule.target().goTo()) {
                            returned += back;
                        } else {
                            mass += back;
                        }
                    }
                    continue;
                }
                if (top && target.startsWith("KUBE-SVC-") || top && target.startsWith("KUBE-SVL-")) {
                    // a jump to a per-Service chain that the table does not declare
                    result.hops.add(new Hop(Kind.SERVICE_CHAIN, target, State.MISSING, source, rule.lineNumber(),
                            "KUBE-SERVICES jumps to it, but the nat table has no such chain", true));
                    serviceRuleFound = true;
                    if (!cond) {
                        mass -= share;
                    }
                    continue;
                }
                switch (target) {
                    case "DNAT" -> {
                        String to = rule.target().value("to-destination");
                        String[] hp = to == null ? null : splitHostPort(to, service.port());
                        if (hp != null) {
                            result.endpoints.add(new RoutedEndpoint(hp[0], Integer.parseInt(hp[1]), share, cond, source,
                                    rule.lineNumber(), rule.chain()));
                            result.hops.add(new Hop(Kind.DNAT, rule.chain() + " -> " + to, State.PRESENT, source,
                                    rule.lineNumber(), null, !cond));
                        }
                        if (!cond) {
                            mass -= share;
                        }
                    }
                    case "REJECT", "DROP" -> {
                        if (rejectRule == null) {
                            rejectRule = rule;
                        }
                        if (!cond) {
                            mass -= share;
                        }
                    }
                    case "ACCEPT" -> {
                        if (!cond) {
                            mass -= share;
                        }
                    }
                    case "RETURN" -> {
                        if (!cond) {
                            returned += share;
                            mass -= share;
                        }
                    }
                    default -> {
                        // MARK, MASQUERADE, LOG, ...: the packet goes on
                    }
                }
            }
            return Math.max(0, mass) + returned;
        }
    }

    private static boolean isServiceChain(String chain) {
        return chain.startsWith("KUBE-SVC-") || chain.startsWith("KUBE-SVL-") || chain.startsWith("KUBE-EXT-")
                || chain.startsWith("KUBE-FW-");
    }

    private static boolean isEndpointChain(String chain) {
        return chain.startsWith("KUBE-SEP-");
    }

    /** {@code 10.0.0.5:6443}, {@code [fd00::5]:6443}, or an address alone (the port stays). */
    static String[] splitHostPort(String to, int defaultPort) {
        String hostPart = to;
        String port = String.valueOf(defaultPort);
        int dash = to.indexOf('-', to.startsWith("[") ? to.indexOf(']') : 0);
        if (to.startsWith("[")) {
            int close = to.indexOf(']');
            if (close < 0) {
                return null;
            }
            hostPart = to.substring(1, close);
            if (close + 1 < to.length() && to.charAt(close + 1) == ':') {
                port = to.substring(close + 2);
            }
        } else if (to.indexOf(':') >= 0 && to.indexOf(':') == to.lastIndexOf(':')) {
            hostPart = to.substring(0, to.indexOf(':'));
            port = to.substring(to.indexOf(':') + 1);
        } else if (dash > 0 && to.indexOf(':') < 0) {
            hostPart = to.substring(0, dash); // an address range: the first address
        }
        int portDash = port.indexOf('-');
        if (portDash > 0) {
            port = port.substring(0, portDash);
        }
        if (Cidr.parseAddress(hostPart) == null || port.isEmpty() || port.length() > 5
                || !port.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return new String[] {hostPart, port};
    }

    private static List<RoutedEndpoint> merge(List<RoutedEndpoint> endpoints) {
        Map<String, RoutedEndpoint> byEndpoint = new LinkedHashMap<>();
        for (RoutedEndpoint e : endpoints) {
            String key = normalize(e.endpoint());
            RoutedEndpoint seen = byEndpoint.get(key);
            byEndpoint.put(key, seen == null ? e
                    : new RoutedEndpoint(seen.address(), seen.port(), seen.probability() + e.probability(),
                            seen.conditional() && e.conditional(), seen.source(), seen.line(), seen.via()));
        }
        return List.copyOf(byEndpoint.values());
    }

    private static String normalize(String endpoint) {
        String[] hp = splitHostPort(endpoint.strip(), 0);
        return hp == null ? endpoint.strip() : hostPort(normalizeAddress(hp[0]), Integer.parseInt(hp[1]));
    }

    static String normalizeAddress(String address) {
        byte[] b = Cidr.parseAddress(address);
        if (b == null || b.length == 4) {
            return address;
        }
        try {
            return java.net.InetAddress.getByAddress(b).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return address;
        }
    }

    private static String hostPort(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    /** The findings of one mode, before the comparison with the expected endpoints. */
    private static final class Result {
        final List<Hop> hops = new ArrayList<>();
        final List<RoutedEndpoint> endpoints = new ArrayList<>();
        Verdict verdict = Verdict.UNKNOWN;
        String summary = "";

        Result() {
        }

        Result(Verdict verdict, String summary) {
            set(verdict, summary);
        }

        void set(Verdict v, String s) {
            verdict = v;
            summary = s;
        }
    }
}
