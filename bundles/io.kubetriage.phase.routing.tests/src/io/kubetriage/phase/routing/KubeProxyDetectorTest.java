package io.kubetriage.phase.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/** KT-ROUTING-005: kube-proxy not running, not ready, missing altogether, or in another mode than configured. */
class KubeProxyDetectorTest {

    private static List<Finding> detect(Snapshot s) {
        return new KubeProxyDetector().detect(DiagnosisInput.of(s));
    }

    @Test
    void aKubeProxyPodThatIsNotReady() {
        Snapshot s = Cluster.ipvs().add(Cluster.pod("kube-system", "kube-proxy-m8d4f", Map.of("k8s-app", "kube-proxy"),
                Cluster.WORKER, "192.168.10.12", false)).snapshot();
        List<Finding> found = detect(s);
        assertEquals(List.of("KT-ROUTING-005:worker-1"), Routing.ids(found));
        Finding f = found.get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertEquals("kube-proxy is not ready on node worker-1", f.title());
        assertEquals("kube-proxy-m8d4f: Running, not Ready", f.evidence().get(0).detail());
        assertEquals(List.of("routing.restart-kube-proxy"), f.fixIds());
    }

    @Test
    void aNodeWithoutKubeProxyPod() {
        Snapshot s = Cluster.iptables().remove(new ObjectKey("", "Pod", "kube-system", "kube-proxy-7x2lq")).snapshot();
        Finding f = Routing.get(detect(s), "KT-ROUTING-005:master-1");
        assertEquals("kube-proxy is not running on node master-1", f.title());
        assertEquals(List.of(), f.fixIds());
    }

    @Test
    void noDaemonSetIsOneClusterWideFinding() {
        Snapshot s = Cluster.ipvs().remove(KubeProxyAddon.DAEMON_SET).snapshot();
        List<Finding> found = detect(s);
        assertEquals(List.of("KT-ROUTING-005"), Routing.ids(found));
        Finding f = found.get(0);
        assertEquals(List.of(KubeProxyAddon.DAEMON_SET), f.affected());
        assertEquals(List.of("routing.recreate-kube-proxy-addon"), f.fixIds());
        assertEquals("KT-ROLLBACK-001", f.cause());
    }

    @Test
    void theIptablesFallbackOfAnIpvsConfigurationQuotesTheEvent() {
        Snapshot s = Cluster.ipvs()
                .file(Cluster.WORKER, NodePaths.IPTABLES_SAVE, Fixtures.text("iptables-save-iptables-mode.txt"))
                .file(Cluster.WORKER, NodePaths.IPVSADM_LN, Fixtures.text("ipvsadm-Ln-empty.txt"))
                .file(Cluster.WORKER, NodePaths.IP_ADDR, Cluster.ipAddr(Cluster.WORKER, "ip-addr-plain.txt"))
                .event("Pod", "kube-system", "kube-proxy-m8d4f", "ProxierFallback",
                        "Can't use ipvs proxier, trying iptables proxier")
                .event("Pod", "kube-system", "kube-proxy-7x2lq", "ProxierFallback",
                        "Can't use ipvs proxier, trying iptables proxier")
                .snapshot();
        List<Finding> all = Routing.findings(s);
        assertEquals(List.of("KT-ROUTING-005:worker-1"), Routing.ids(all), "iptables serves: nothing else to report");
        Finding f = all.get(0);
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.title().contains("iptables mode on node worker-1 although its ConfigMap says ipvs"), f.title());
        assertTrue(f.evidence().stream().anyMatch(e -> e.label().equals("configured mode")
                && e.detail().startsWith("mode: ipvs")));
        assertTrue(f.evidence().stream().anyMatch(e -> e.label().equals("iptables-mode chain")
                && e.sourceLine().startsWith(":KUBE-SVC-")));
        List<String> events = f.evidence().stream().filter(e -> e.kind() == io.kubetriage.core.diagnosis.Evidence.Kind.EVENT)
                .map(e -> e.object().name()).toList();
        assertEquals(List.of("kube-proxy-m8d4f"), events, "only the event of the node's own Pod");
        assertNull(f.cause());
        assertEquals(List.of("routing.restart-kube-proxy"), f.fixIds());
    }

    @Test
    void nothingWhenPodsWereNotCapturedOrAllIsWell() {
        Cluster c = Cluster.ipvs();
        for (ApiObject o : c.snapshot().objects()) {
            if (o.key().kind().equals("Pod") || o.key().kind().equals("DaemonSet")) {
                c.remove(o.key());
            }
        }
        assertEquals(List.of(), Routing.ids(detect(c.snapshot())));
        assertEquals(List.of(), Routing.ids(detect(Cluster.iptables().snapshot())));
    }
}
