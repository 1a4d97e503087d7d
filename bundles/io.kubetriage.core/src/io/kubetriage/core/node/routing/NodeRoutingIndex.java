package io.kubetriage.core.node.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kubetriage.core.node.Cidr;
import io.kubetriage.core.node.NodeNetworkData;
import io.kubetriage.core.node.ipaddr.IpAddrRecord;
import io.kubetriage.core.node.netfilter.iptables.IptablesChain;
import io.kubetriage.core.node.netfilter.iptables.IptablesDump;
import io.kubetriage.core.node.netfilter.iptables.IptablesRule;
import io.kubetriage.core.node.netfilter.iptables.IptablesTable;
import io.kubetriage.core.node.netfilter.iptables.MatchModule;
import io.kubetriage.core.node.netfilter.iptables.RuleOption;
import io.kubetriage.core.node.netfilter.ipvs.IpvsProtocol;
import io.kubetriage.core.node.netfilter.ipvs.VirtualService;

/**
 * What {@link ServiceRouting} looks up for every Service port, indexed once per node: the
 * addresses of {@code kube-ipvs0} and of the whole node, the virtual services by protocol, address
 * and port, and the rules of the {@code KUBE-SERVICES} chains by the single address they match.
 * Lookups give exactly what a scan in table order would give. Immutable once built.
 */
final class NodeRoutingIndex {

    static final String KUBE_IPVS0 = "kube-ipvs0";

    private final boolean ipvsDevice;
    private final Map<String, IpAddrRecord> ipvsAddresses = new HashMap<>();
    private final Set<String> localAddresses = new HashSet<>();
    private final Map<String, VirtualService> virtualServices = new HashMap<>();
    private final DumpRules v4;
    private final DumpRules v6;

    NodeRoutingIndex(NodeNetworkData node) {
        boolean device = false;
        if (node.addresses() != null) {
            for (IpAddrRecord a : node.addresses()) {
                localAddresses.add(ServiceRouting.normalizeAddress(a.address()));
                if (a.interfaceName().equals(KUBE_IPVS0)) {
                    device = true;
                    ipvsAddresses.putIfAbsent(addressKey(a.address()), a);
                }
            }
        }
        this.ipvsDevice = device;
        if (node.ipvs() != null) {
            for (VirtualService vs : node.ipvs().services()) {
                if (vs.address() != null) {
                    virtualServices.putIfAbsent(serviceKey(vs.protocol(), vs.address(), vs.port()), vs);
                }
            }
        }
        this.v4 = new DumpRules(node.iptables());
        this.v6 = new DumpRules(node.ip6tables());
    }

    /** Whether the node has a {@code kube-ipvs0} device with any address. */
    boolean hasIpvsDevice() {
        return ipvsDevice;
    }

    /** The first {@code kube-ipvs0} record holding the address, or null. */
    IpAddrRecord ipvsAddress(String address) {
        return ipvsAddresses.get(addressKey(address));
    }

    /** Every address of the node, normalized. */
    Set<String> localAddresses() {
        return Collections.unmodifiableSet(localAddresses);
    }

    /** The first virtual service for a protocol, address and port, or null (as {@code IpvsTable.find}). */
    VirtualService virtualService(IpvsProtocol protocol, String address, int port) {
        return virtualServices.get(serviceKey(protocol, address, port));
    }

    /** The indexed chains of the IPv4 or IPv6 dump (empty when it was not collected). */
    DumpRules rules(boolean v6Dump) {
        return v6Dump ? v6 : v4;
    }

    private static String serviceKey(IpvsProtocol protocol, String address, int port) {
        return protocol + " " + addressKey(address) + " " + port;
    }

    private static String addressKey(String address) {
        return Cidr.addressKey(address);
    }

    /** The chains of one dump that every Service port is checked against. */
    static final class DumpRules {
        private final ChainRules natServices;
        private final ChainRules filterServices;
        private final ChainRules filterExternalServices;
        private final IptablesRule clusterIpSetRule;

        DumpRules(IptablesDump dump) {
            IptablesTable nat = dump == null ? null : dump.table("nat");
            IptablesTable filter = dump == null ? null : dump.table("filter");
            IptablesChain services = nat == null ? null : nat.chain("KUBE-SERVICES");
            this.natServices = new ChainRules(services);
            this.filterServices = new ChainRules(filter == null ? null : filter.chain("KUBE-SERVICES"));
            this.filterExternalServices = new ChainRules(filter == null ? null : filter.chain("KUBE-EXTERNAL-SERVICES"));
            this.clusterIpSetRule = services == null ? null : clusterIpSetRule(services);
        }

        /** The nat table's KUBE-SERVICES. */
        ChainRules natServices() {
            return natServices;
        }

        /** The filter table's KUBE-SERVICES (REJECT rules of Services without endpoints). */
        ChainRules filterServices() {
            return filterServices;
        }

        /** The filter table's KUBE-EXTERNAL-SERVICES. */
        ChainRules filterExternalServices() {
            return filterExternalServices;
        }

        /** IPVS mode's first KUBE-SERVICES rule matching the KUBE-CLUSTER-IP ipset, or null. */
        IptablesRule clusterIpSetRule() {
            return clusterIpSetRule;
        }

        private static IptablesRule clusterIpSetRule(IptablesChain chain) {
            for (IptablesRule rule : chain.rules()) {
                for (MatchModule m : rule.modules("set")) {
                    String set = m.value("match-set");
                    if (set != null && set.startsWith("KUBE-CLUSTER-IP")) {
                        return rule;
                    }
                }
            }
            return null;
        }
    }

    /**
     * The rules of one chain, those matching exactly one destination address ({@code -d 10.96.0.1/32},
     * as kube-proxy writes per Service) indexed by it. Every other rule may match any address.
     */
    static final class ChainRules {
        private final List<IptablesRule> rules;
        private final Map<String, int[]> byDestination = new HashMap<>();
        private final int[] others;

        ChainRules(IptablesChain chain) {
            this.rules = chain == null ? List.of() : chain.rules();
            Map<String, List<Integer>> positions = new HashMap<>();
            List<Integer> rest = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                String key = singleDestination(rules.get(i));
                if (key == null) {
                    rest.add(i);
                } else {
                    positions.computeIfAbsent(key, k -> new ArrayList<>(2)).add(i);
                }
            }
            positions.forEach((key, list) -> byDestination.put(key, toArray(list)));
            this.others = toArray(rest);
        }

        /** The rules that may match a connection to the address, in chain order. */
        List<IptablesRule> candidates(String address) {
            int[] own = byDestination.getOrDefault(addressKey(address), new int[0]);
            List<IptablesRule> out = new ArrayList<>(own.length + others.length);
            int i = 0;
            int j = 0;
            while (i < own.length || j < others.length) {
                if (j >= others.length || i < own.length && own[i] < others[j]) {
                    out.add(rules.get(own[i++]));
                } else {
                    out.add(rules.get(others[j++]));
                }
            }
            return out;
        }

        /** The key of the one host address a rule's destination is, or null when it may match others. */
        private static String singleDestination(IptablesRule rule) {
            RuleOption only = null;
            for (RuleOption o : rule.matches()) {
                if (o.name().equals("destination")) {
                    if (only != null) {
                        return null;
                    }
                    only = o;
                }
            }
            if (only == null || only.negated()) {
                return null;
            }
            Cidr cidr = Cidr.parse(only.value());
            if (cidr == null || cidr.prefixLength() != cidr.network().length * 8) {
                return null;
            }
            return addressKey(only.value().substring(0, only.value().indexOf('/') < 0 ? only.value().length()
                    : only.value().indexOf('/')));
        }

        private static int[] toArray(List<Integer> list) {
            int[] a = new int[list.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = list.get(i);
            }
            return a;
        }
    }
}
