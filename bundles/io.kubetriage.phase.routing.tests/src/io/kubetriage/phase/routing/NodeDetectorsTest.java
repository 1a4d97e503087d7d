package io.kubetriage.phase.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/** KT-ROUTING-002, -004 and -006: what a node's rules and addresses lack. */
class NodeDetectorsTest {

    private static String ipvsWithout(String... fragments) {
        return Routing.without(Fixtures.text("ipvsadm-Ln-healthy.txt"), fragments);
    }

    @Test
    void missingVirtualServicesAreOneFindingPerNodeWithTheKubernetesServiceFirst() {
        Snapshot s = Cluster.ipvs().file(Cluster.WORKER, NodePaths.IPVSADM_LN,
                ipvsWithout("10.233.40.7:80", "10.233.66.9:8080", "10.233.0.1:443", "192.168.10.11:6443")).snapshot();
        List<Finding> found = new ClusterIpMissingDetector().detect(DiagnosisInput.of(s));
        assertEquals(List.of("KT-ROUTING-002:worker-1"), Routing.ids(found));
        Finding f = found.get(0);
        assertEquals(List.of(Cluster.KUBERNETES, Cluster.NGINX), f.affected());
        assertTrue(f.title().startsWith("The kubernetes Service (10.233.0.1:443/TCP) is not served on node worker-1"),
                f.title());
        assertTrue(f.title().endsWith("nor 1 other ClusterIP port"), f.title());
        assertEquals(2, f.evidence().size());
        Evidence first = f.evidence().get(0);
        assertEquals(Cluster.KUBERNETES, first.object());
        assertEquals(new Evidence.NodeLocation(Cluster.WORKER, NodePaths.IPVSADM_LN, 0), first.location());
        assertTrue(first.detail().contains("TCP 10.233.0.1:443 (default/kubernetes:https)"), first.detail());
        assertNull(f.cause(), "kube-proxy runs and the rest of the table is there");
        assertEquals(List.of("routing.restart-kube-proxy"), f.fixIds());
    }

    @Test
    void aMissingKubeServicesRuleInIptablesModeAndKubeProxyDownAsTheCause() {
        String dump = Routing.without(Fixtures.text("iptables-save-iptables-mode.txt"), "-d 10.233.0.1/32");
        Snapshot s = Cluster.iptables().file(Cluster.MASTER, NodePaths.IPTABLES_SAVE, dump)
                .remove(new ObjectKey("", "Pod", "kube-system", "kube-proxy-7x2lq")).snapshot();
        Finding f = Routing.get(Routing.findings(s), "KT-ROUTING-002:master-1");
        Evidence e = f.evidence().get(0);
        assertEquals(NodePaths.IPTABLES_SAVE, e.location().file());
        assertEquals(":KUBE-SERVICES - [0:0]", e.sourceLine(), "points at the chain the rule belongs in");
        assertTrue(e.detail().contains("no KUBE-SERVICES rule for 10.233.0.1:443/TCP"), e.detail());
        assertEquals("KT-ROUTING-005:master-1", f.cause());
        assertEquals(List.of(), f.fixIds(), "no Pod to restart and the addon is whole");
    }

    @Test
    void noNodeFindingForDataThatWasNotCollected() {
        Cluster c = Cluster.ipvs().withoutFile(Cluster.WORKER, NodePaths.IPVSADM_LN)
                .withoutFile(Cluster.WORKER, NodePaths.IPTABLES_SAVE).withoutFile(Cluster.WORKER, NodePaths.IP_ADDR);
        assertEquals(List.of(), Routing.ids(Routing.findings(c.snapshot())));
    }

    @Test
    void anUnreadableFileIsANoteInsideAFindingAndNeverAnError() {
        Snapshot broken = Cluster.ipvs().file(Cluster.WORKER, NodePaths.IP_ADDR, "garbage\n").snapshot();
        assertEquals(List.of(), Routing.ids(Routing.findings(broken)), "an unreadable file alone is not a finding");
        Snapshot s = Cluster.ipvs().file(Cluster.WORKER, NodePaths.IP_ADDR, "garbage\n")
                .file(Cluster.WORKER, NodePaths.IPVSADM_LN, ipvsWithout("10.233.0.1:443", "192.168.10.11:6443"))
                .snapshot();
        Finding f = Routing.get(Routing.findings(s), "KT-ROUTING-002:worker-1");
        Evidence note = f.evidence().get(f.evidence().size() - 1);
        assertEquals("note: file not read", note.label());
        assertEquals(NodePaths.IP_ADDR, note.location().file());
    }

    @Test
    void clusterIpsMissingOnKubeIpvs0() {
        Snapshot s = Cluster.ipvs().file(Cluster.WORKER, NodePaths.IP_ADDR,
                Routing.without(Cluster.ipAddr(Cluster.WORKER, "ip-addr-ipvs.txt"), "10.233.40.7")).snapshot();
        List<Finding> found = Routing.findings(s);
        assertEquals(List.of("KT-ROUTING-004:worker-1"), Routing.ids(found));
        Finding f = found.get(0);
        assertEquals(List.of(Cluster.NGINX), f.affected());
        assertTrue(f.evidence().get(0).detail().startsWith("10.233.40.7 (default/nginx) is not an address of kube-ipvs0"));
        assertTrue(f.title().endsWith("lacks 1 ClusterIP"), f.title());
        Snapshot iptables = Cluster.iptables().snapshot();
        assertEquals(List.of(), Routing.ids(new IpvsAddressDetector().detect(DiagnosisInput.of(iptables))),
                "iptables mode has no kube-ipvs0");
    }

    @Test
    void lostRulesInIpvsModeCauseTheMissingClusterIps() {
        Snapshot s = Cluster.ipvs()
                .file(Cluster.WORKER, NodePaths.IPTABLES_SAVE, Fixtures.text("iptables-save-rules-lost.txt"))
                .file(Cluster.WORKER, NodePaths.IPVSADM_LN, Fixtures.text("ipvsadm-Ln-empty.txt"))
                .file(Cluster.WORKER, NodePaths.IP_ADDR, Cluster.ipAddr(Cluster.WORKER, "ip-addr-plain.txt")).snapshot();
        List<Finding> found = Routing.findings(s);
        assertEquals(List.of("KT-ROUTING-002:worker-1", "KT-ROUTING-004:worker-1", "KT-ROUTING-006:worker-1"),
                Routing.ids(found).stream().sorted().toList());
        Finding lost = Routing.get(found, "KT-ROUTING-006:worker-1");
        assertEquals(Severity.ERROR, lost.severity());
        assertEquals("KT-ROLLBACK-001", lost.cause());
        Evidence nat = lost.evidence().get(0);
        assertEquals("*nat", nat.sourceLine());
        assertTrue(nat.detail().contains("KUBE-KUBELET-CANARY, KUBE-MARK-DROP, KUBE-MARK-MASQ, KUBE-POSTROUTING"),
                nat.detail());
        assertTrue(lost.evidence().stream().anyMatch(e -> e.detail().equals("no virtual service at all")));
        assertEquals("KT-ROUTING-006:worker-1", Routing.get(found, "KT-ROUTING-002:worker-1").cause());
        assertEquals("KT-ROUTING-006:worker-1", Routing.get(found, "KT-ROUTING-004:worker-1").cause());
        Finding missing = Routing.get(found, "KT-ROUTING-002:worker-1");
        assertEquals(Cluster.KUBERNETES, missing.affected().get(0));
        assertEquals(4, missing.evidence().size(), "every Service port");
    }

    @Test
    void lostRulesInIptablesModeButNotWhenTheIpvsTableStillServes() {
        Snapshot s = Cluster.iptables()
                .file(Cluster.MASTER, NodePaths.IPTABLES_SAVE, Fixtures.text("iptables-save-rules-lost.txt")).snapshot();
        List<Finding> found = Routing.findings(s);
        assertEquals(List.of("KT-ROUTING-002:master-1", "KT-ROUTING-006:master-1"),
                Routing.ids(found).stream().sorted().toList());
        Snapshot ipvsStillThere = Cluster.ipvs()
                .file(Cluster.WORKER, NodePaths.IPTABLES_SAVE, Fixtures.text("iptables-save-rules-lost.txt")).snapshot();
        assertEquals(List.of(), Routing.ids(new RulesLostDetector().detect(DiagnosisInput.of(ipvsStillThere))));
        Snapshot emptyDump = Cluster.iptables().file(Cluster.WORKER, NodePaths.IPTABLES_SAVE, "").snapshot();
        Finding flushed = Routing.get(new RulesLostDetector().detect(DiagnosisInput.of(emptyDump)),
                "KT-ROUTING-006:worker-1");
        assertTrue(flushed.evidence().get(0).detail().startsWith("printed no table at all"));
        assertEquals(List.of("routing.restart-kube-proxy"), flushed.fixIds());
        assertTrue(flushed.evidence().stream().anyMatch(e -> e.label().equals("kube-proxy Pod")
                && e.detail().equals("kube-proxy-m8d4f: Running, Ready")));
    }
}
