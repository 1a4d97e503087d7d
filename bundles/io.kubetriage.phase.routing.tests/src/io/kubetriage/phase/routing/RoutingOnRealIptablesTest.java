package io.kubetriage.phase.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.kubetriage.core.diagnosis.Diagnosis;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.node.netfilter.iptables.IptablesChain;
import io.kubetriage.core.node.netfilter.iptables.IptablesDump;
import io.kubetriage.core.node.netfilter.iptables.IptablesRule;
import io.kubetriage.core.node.netfilter.iptables.IptablesSaveParser;
import io.kubetriage.core.node.netfilter.iptables.IptablesTable;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.test.support.NetnsIptables;

/**
 * The routing detectors on rules that went through a real kernel. kube-proxy 1.20's iptables-mode
 * rules for a one-node cluster ({@code resources/routing/iptables-restore-kube-proxy-1.20.txt}) are
 * loaded with iptables-restore into a throw-away network namespace ({@link NetnsIptables}), changed
 * there with iptables as the incident changed them, and read back with {@code iptables-save -c} into
 * the node data of a snapshot whose API objects match; with the legacy and the nf_tables back-end.
 * Skipped with the reason where the machine cannot do this (not root, no {@code ip netns}, a
 * back-end's tools missing).
 */
class RoutingOnRealIptablesTest {

    private static final String NODE = Cluster.MASTER;
    private static final ObjectKey WEB = new ObjectKey("", "Service", "default", "web");
    /** A Service without selector whose Endpoints are kept by hand and list nothing now: kube-proxy REJECTs it. */
    private static final ObjectKey REPORTS = new ObjectKey("", "Service", "default", "reports");
    /** The chain of the web Service's second endpoint, 10.233.64.11:8080. */
    private static final String WEB_SECOND_SEP = "KUBE-SEP-CKDUC7UJXAJRSWNZ";
    /** kube-proxy's chains; kubelet's (KUBE-MARK-*, KUBE-POSTROUTING, KUBE-FIREWALL, its canary) are not. */
    private static final List<String> PROXY_CHAINS = List.of("KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES",
            "KUBE-FORWARD", "KUBE-NODEPORTS", "KUBE-PROXY-CANARY");

    @ParameterizedTest
    @EnumSource(NetnsIptables.Backend.class)
    void rulesServeThenTheirLossIsFoundOnTheNode(NetnsIptables.Backend tools) throws Exception {
        try (NetnsIptables ns = NetnsIptables.open(tools)) {
            ns.load(Fixtures.text("iptables-restore-kube-proxy-1.20.txt"));
            String healthy = ns.save();
            IptablesDump dump = new IptablesSaveParser().parse(healthy);
            // the parser's back-end of the same name: the rules really went through these tools
            assertEquals(IptablesDump.Backend.valueOf(tools.name()), dump.backend(),
                    healthy.lines().findFirst().orElse(""));
            assertEquals(List.of(), Routing.ids(diagnose(healthy)), "every Service is served:\n" + healthy);

            deleteKubeProxyChains(ns, dump);
            String lost = ns.save();
            IptablesDump after = new IptablesSaveParser().parse(lost);
            assertFalse(after.table("nat").hasChain("KUBE-SERVICES"), lost);
            assertTrue(after.table("nat").hasChain("KUBE-MARK-MASQ"), "kubelet's chains stay:\n" + lost);

            List<Finding> found = diagnose(lost);
            String rulesLost = "KT-ROUTING-006:" + NODE;
            assertEquals(List.of(rulesLost, "KT-ROUTING-002:" + NODE), Routing.ids(found), lost);
            Finding gone = found.get(0);
            assertNull(gone.cause(), "no rollback finding in this run");
            Evidence nat = gone.evidence().get(0);
            assertEquals(new Evidence.NodeLocation(NODE, NodePaths.IPTABLES_SAVE, after.table("nat").lineNumber()),
                    nat.location());
            assertEquals("*nat", nat.sourceLine());
            for (String kubelet : List.of("KUBE-KUBELET-CANARY", "KUBE-MARK-DROP", "KUBE-MARK-MASQ",
                    "KUBE-POSTROUTING")) {
                assertTrue(nat.detail().contains(kubelet), nat.detail());
            }
            assertTrue(gone.evidence().stream().anyMatch(e -> e.label().equals("kube-proxy Pod")
                    && e.detail().equals("kube-proxy-7x2lq: Running, Ready")), gone.evidence().toString());

            Finding unserved = found.get(1);
            assertEquals(rulesLost, unserved.cause());
            assertEquals(Cluster.KUBERNETES, unserved.affected().get(0), "the kubernetes Service first");
            assertEquals(Set.of(Cluster.KUBERNETES, WEB, REPORTS), Set.copyOf(unserved.affected()));
            assertTrue(unserved.title().startsWith("The kubernetes Service (10.233.0.1:443/TCP) is not served on node "
                    + NODE), unserved.title());
            Evidence first = unserved.evidence().get(0);
            assertEquals(NodePaths.IPTABLES_SAVE, first.location().file());
            assertTrue(first.detail().contains("no KUBE-SERVICES rule for 10.233.0.1:443/TCP")
                    && first.detail().endsWith("the nat table has no KUBE-SERVICES chain"), first.detail());
            assertEquals(List.of(RoutingCodes.FIX_RESTART_KUBE_PROXY), unserved.fixIds());
        }
    }

    @ParameterizedTest
    @EnumSource(NetnsIptables.Backend.class)
    void aDnatTargetThatIsNoEndpointIsStale(NetnsIptables.Backend tools) throws Exception {
        try (NetnsIptables ns = NetnsIptables.open(tools)) {
            ns.load(Fixtures.text("iptables-restore-kube-proxy-1.20.txt"));
            // the second endpoint's chain sends to an address the Endpoints no longer list
            ns.iptables("-t", "nat", "-R", WEB_SECOND_SEP, "2", "-p", "tcp", "-m", "comment", "--comment",
                    "default/web:http", "-m", "tcp", "-j", "DNAT", "--to-destination", "10.233.64.99:8080");
            String saved = ns.save();

            List<Finding> found = diagnose(saved);
            assertEquals(List.of("KT-ROUTING-003:default/web"), Routing.ids(found), saved);
            Finding stale = found.get(0);
            assertEquals(List.of(WEB), stale.affected());
            assertTrue(stale.title().endsWith("on node " + NODE), stale.title());
            Evidence notRouted = only(stale, "endpoints not routed");
            assertTrue(notRouted.detail().contains("10.233.64.11:8080 is ready but gets no traffic"),
                    notRouted.detail());
            Evidence unexpected = only(stale, "unexpected endpoint");
            assertEquals(NODE, unexpected.location().node());
            assertEquals(NodePaths.IPTABLES_SAVE, unexpected.location().file());
            String line = saved.lines().skip(unexpected.location().line() - 1).findFirst().orElse("");
            assertEquals(line, unexpected.sourceLine(), "the evidence quotes the line it points at");
            assertTrue(line.contains("-A " + WEB_SECOND_SEP) && line.endsWith("--to-destination 10.233.64.99:8080"),
                    line);
            assertEquals(List.of(RoutingCodes.FIX_RESTART_KUBE_PROXY, RoutingCodes.FIX_RECREATE_SERVICE),
                    stale.fixIds());
        }
    }

    private static Evidence only(Finding f, String label) {
        List<Evidence> matching = f.evidence().stream().filter(e -> e.label().equals(label)).toList();
        assertEquals(1, matching.size(), label + " in " + f.evidence());
        return matching.get(0);
    }

    /** The routing phase's findings, cause first, on the cluster with {@code iptablesSave} as the node's rules. */
    private static List<Finding> diagnose(String iptablesSave) {
        return new Diagnosis(Routing.all()).run(DiagnosisInput.of(cluster(iptablesSave)));
    }

    /**
     * The one-node cluster the rules are for: master-1 (192.168.10.11), kube-proxy Ready in
     * iptables mode, default/kubernetes (10.233.0.1:443 to 192.168.10.11:6443), default/web
     * (10.233.21.80:80 to two ready Pods on 8080) and default/reports (10.233.33.5:80, no endpoints).
     */
    private static Snapshot cluster(String iptablesSave) {
        String http = "[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",\"targetPort\":8080}]";
        Map<String, String> web = Map.of("app", "web");
        return new Cluster()
                .add(Cluster.node(NODE, true))
                .add(Cluster.service("default", "kubernetes", "10.233.0.1", null,
                        "[{\"name\":\"https\",\"port\":443,\"protocol\":\"TCP\",\"targetPort\":6443}]"))
                .add(Cluster.endpoints("default", "kubernetes", "[{\"ip\":\"192.168.10.11\"}]",
                        "[{\"name\":\"https\",\"port\":6443,\"protocol\":\"TCP\"}]"))
                .add(Cluster.service("default", "web", "10.233.21.80", "{\"app\":\"web\"}", http))
                .add(Cluster.endpoints("default", "web", "[{\"ip\":\"10.233.64.10\",\"nodeName\":\"master-1\"},"
                        + "{\"ip\":\"10.233.64.11\",\"nodeName\":\"master-1\"}]",
                        "[{\"name\":\"http\",\"port\":8080,\"protocol\":\"TCP\"}]"))
                .add(Cluster.pod("default", "web-6b9f7c5d4-8kq2n", web, NODE, "10.233.64.10", true))
                .add(Cluster.pod("default", "web-6b9f7c5d4-tx4wz", web, NODE, "10.233.64.11", true))
                .add(Cluster.service("default", "reports", "10.233.33.5", null, http))
                .add(Cluster.emptyEndpoints("default", "reports"))
                .add(Cluster.pod("kube-system", "kube-proxy-7x2lq", Map.of("k8s-app", "kube-proxy"), NODE,
                        "192.168.10.11", true))
                .add(Cluster.obj("{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\"," + Cluster.meta("kube-system",
                        "kube-proxy", 610) + ",\"spec\":{\"selector\":{\"matchLabels\":{\"k8s-app\":\"kube-proxy\"}}}}"))
                .add(Cluster.kubeProxyConfigMap("iptables", 230))
                .file(NODE, NodePaths.IPTABLES_SAVE, iptablesSave)
                .snapshot();
    }

    /**
     * What the incident left of the node's rules: every rule that leads into one of kube-proxy's
     * chains deleted, then those chains flushed and deleted, in the kernel, table by table.
     */
    private static void deleteKubeProxyChains(NetnsIptables ns, IptablesDump dump) throws IOException {
        for (IptablesTable table : dump.tables().values()) {
            List<String> proxy = table.chains().keySet().stream().filter(RoutingOnRealIptablesTest::isKubeProxys)
                    .toList();
            for (IptablesChain chain : table.chains().values()) {
                if (proxy.contains(chain.name())) {
                    continue;
                }
                List<IptablesRule> rules = chain.rules();
                for (int i = rules.size(); i >= 1; i--) { // from the last, so the numbers of the others hold
                    if (proxy.contains(rules.get(i - 1).targetName())) {
                        ns.iptables("-t", table.name(), "-D", chain.name(), Integer.toString(i));
                    }
                }
            }
            for (String c : proxy) {
                ns.iptables("-t", table.name(), "-F", c);
            }
            for (String c : proxy) {
                ns.iptables("-t", table.name(), "-X", c);
            }
        }
    }

    private static boolean isKubeProxys(String chain) {
        return PROXY_CHAINS.contains(chain) || chain.startsWith("KUBE-SVC-") || chain.startsWith("KUBE-SEP-");
    }
}
