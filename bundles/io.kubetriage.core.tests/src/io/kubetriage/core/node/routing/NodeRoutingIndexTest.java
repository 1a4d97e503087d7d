package io.kubetriage.core.node.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.node.NodeFixtures;
import io.kubetriage.core.node.NodeNetworkData;
import io.kubetriage.core.node.ProxyMode;
import io.kubetriage.core.node.ipaddr.IpAddrParser;
import io.kubetriage.core.node.netfilter.iptables.IptablesSaveParser;
import io.kubetriage.core.node.netfilter.ipvs.IpvsadmParser;
import io.kubetriage.core.node.routing.Hop.Kind;
import io.kubetriage.core.node.routing.Hop.State;
import io.kubetriage.core.node.routing.ServiceRoute.Verdict;

/** The per-node index routes exactly as a scan of the tables in order would. */
class NodeRoutingIndexTest {

    private static final ServicePort KUBERNETES = new ServicePort("default", "kubernetes", "https", "10.233.0.1", 443, "TCP");

    /** A rule that may match any ClusterIP of the Service CIDR. */
    private static final String CATCH_ALL = "-A KUBE-SERVICES -d 10.233.0.0/18 -m comment --comment \"not a Service\" -j RETURN\n";

    /** kube-proxy 1.20 rules for default/kubernetes, with {@link #CATCH_ALL} placed first or last. */
    private static String dump(boolean catchAllFirst) {
        String catchAll = CATCH_ALL;
        return "*nat\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n"
                + ":KUBE-SVC-NPX46M4PTMTKRN6Y - [0:0]\n:KUBE-SEP-AAAA - [0:0]\n"
                + "-A PREROUTING -j KUBE-SERVICES\n-A OUTPUT -j KUBE-SERVICES\n"
                + (catchAllFirst ? catchAll : "")
                + "-A KUBE-SERVICES -d 10.233.0.1/32 -p tcp -m comment --comment \"default/kubernetes:https cluster IP\""
                + " -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y\n"
                + (catchAllFirst ? "" : catchAll)
                + "-A KUBE-SVC-NPX46M4PTMTKRN6Y -j KUBE-SEP-AAAA\n"
                + "-A KUBE-SEP-AAAA -p tcp -m tcp -j DNAT --to-destination 192.168.10.11:6443\n"
                + "COMMIT\n";
    }

    private static NodeNetworkData iptablesNode(String v4, String v6) throws Exception {
        IptablesSaveParser parser = new IptablesSaveParser();
        return new NodeNetworkData("node-1", v4 == null ? null : parser.parse(v4), v6 == null ? null : parser.parse(v6),
                null, null, Map.of(), ProxyMode.IPTABLES);
    }

    @Test
    void rulesThatMayMatchAnyAddressKeepTheirPlaceInTheChain() throws Exception {
        ServiceRoute served = ServiceRouting.on(iptablesNode(dump(false), null)).route(KUBERNETES);
        assertEquals(Verdict.SERVED, served.verdict(), served.summary());
        assertEquals(List.of("192.168.10.11:6443"), served.endpointAddresses());

        // the catch-all RETURN before the Service's rule ends the walk: nothing serves the port
        ServiceRoute returned = ServiceRouting.on(iptablesNode(dump(true), null)).route(KUBERNETES);
        assertEquals(Verdict.NOT_SERVED, returned.verdict(), returned.summary());
        assertTrue(returned.endpoints().isEmpty());
    }

    @Test
    void oneRouterRoutesEveryPortOfTheNode() throws Exception {
        ServiceRouting routing = ServiceRouting.on(iptablesNode(dump(false), null));
        assertEquals(Verdict.SERVED, routing.route(KUBERNETES).verdict());
        ServiceRoute other = routing.route(new ServicePort("default", "web", "http", "10.233.12.40", 80, "TCP"));
        assertEquals(Verdict.NOT_SERVED, other.verdict(), other.summary());
        assertEquals(Verdict.SERVED, routing.route(KUBERNETES, List.of("192.168.10.11:6443")).verdict(),
                "routing another port first changes nothing");
    }

    @Test
    void addressesWrittenDifferentlyAreTheSameAddress() throws Exception {
        String v6 = dump(false).replace("-d 10.233.0.1/32", "-d fd00:0:0::1/128")
                .replace("192.168.10.11:6443", "[fd00:10::11]:6443");
        ServicePort port = new ServicePort("default", "kubernetes", "https", "fd00::1", 443, "TCP");
        ServiceRoute route = ServiceRouting.on(iptablesNode(null, v6)).route(port);
        assertEquals(Verdict.SERVED, route.verdict(), route.summary());
        assertEquals(List.of("[fd00:10::11]:6443"), route.endpointAddresses());

        String ipvs = "-A -t [fd00:0::1]:443 -s rr\n-a -t [fd00:0::1]:443 -r [fd00:10::11]:6443 -m -w 1\n";
        String addresses = "4: kube-ipvs0    inet6 fd00:0:0::1/128 scope global \\       valid_lft forever preferred_lft forever\n";
        NodeNetworkData node = new NodeNetworkData("node-1", null, null, new IpvsadmParser().parse(ipvs),
                new IpAddrParser().parse(addresses), Map.of(), ProxyMode.IPVS);
        ServiceRouting routing = ServiceRouting.on(node);
        ServiceRoute viaIpvs = routing.route(port);
        assertEquals(State.PRESENT, viaIpvs.hops(Kind.IPVS_VIRTUAL_SERVICE).get(0).state());
        assertEquals(State.PRESENT, viaIpvs.hops(Kind.CLUSTER_IP_ADDRESS).get(0).state());
        assertNotNull(routing.ipvsAddress("fd00::1"));
        assertNull(routing.ipvsAddress("fd00::2"));
        assertTrue(routing.hasIpvsDevice());
        assertEquals(State.MISSING, routing.route(new ServicePort("default", "kubernetes", "https", "fd00::1", 444, "TCP"))
                .hops(Kind.IPVS_VIRTUAL_SERVICE).get(0).state(), "another port of the address");
        assertEquals(State.MISSING, routing.route(new ServicePort("default", "kubernetes", "https", "fd00::1", 443, "UDP"))
                .hops(Kind.IPVS_VIRTUAL_SERVICE).get(0).state(), "another protocol");
    }

    @Test
    void negatedAndNetworkDestinationsAreCheckedForEveryAddress() throws Exception {
        // "! -d 10.233.0.1/32 -j RETURN" first: every ClusterIP but the kubernetes one returns
        String negated = dump(false).replace(CATCH_ALL, "").replace("-A KUBE-SERVICES -d 10.233.0.1/32",
                "-A KUBE-SERVICES ! -d 10.233.0.1/32 -j RETURN\n-A KUBE-SERVICES -d 10.233.0.1/32");
        ServiceRouting routing = ServiceRouting.on(iptablesNode(negated, null));
        assertEquals(Verdict.SERVED, routing.route(KUBERNETES).verdict());
        ServicePort other = new ServicePort("default", "web", "http", "10.233.12.40", 80, "TCP");
        // a rule for 10.233.12.40 after the RETURN is never reached
        String web = negated.replace("-A KUBE-SVC-NPX46M4PTMTKRN6Y -j", "-A KUBE-SERVICES -d 10.233.12.40/32 -p tcp -m tcp "
                + "--dport 80 -j KUBE-SVC-NPX46M4PTMTKRN6Y\n-A KUBE-SVC-NPX46M4PTMTKRN6Y -j");
        assertEquals(Verdict.NOT_SERVED, ServiceRouting.on(iptablesNode(web, null)).route(other).verdict());
        assertEquals(Verdict.SERVED, ServiceRouting.on(iptablesNode(web.replace("-A KUBE-SERVICES ! -d 10.233.0.1/32 -j RETURN\n", ""),
                null)).route(other).verdict(), "without the RETURN it is served");
    }

    @Test
    void theFixturesKubernetesRulesAreFoundAmongManyOthers() throws Exception {
        String fixture = NodeFixtures.text("iptables-save-kube-proxy-1.20.txt");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            many.append("[0:0] -A KUBE-SERVICES -d 10.233.").append(20 + i / 250).append('.').append(i % 250)
                    .append("/32 -p tcp -m tcp --dport 443 -j KUBE-MARK-MASQ\n");
        }
        // the extra rules come first in KUBE-SERVICES and match other addresses only
        int first = fixture.indexOf("[0:0] -A KUBE-SERVICES ! -s 10.233.64.0/18 -d 10.233.0.1/32");
        String text = fixture.substring(0, first) + many + fixture.substring(first);
        ServiceRoute route = ServiceRouting.on(iptablesNode(text, null)).route(KUBERNETES,
                List.of("192.168.10.11:6443", "192.168.10.12:6443", "192.168.10.13:6443"));
        ServiceRoute plain = ServiceRouting.of(iptablesNode(fixture, null), KUBERNETES,
                List.of("192.168.10.11:6443", "192.168.10.12:6443", "192.168.10.13:6443"));
        assertEquals(Verdict.SERVED, route.verdict(), route.summary());
        assertEquals(plain.endpointAddresses(), route.endpointAddresses());
        assertEquals(plain.hops().stream().map(Hop::name).toList(), route.hops().stream().map(Hop::name).toList());
    }
}
