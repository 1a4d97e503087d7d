package io.kubetriage.phase.cni;

import static io.kubetriage.phase.cni.CniCluster.calicoFiles;
import static io.kubetriage.phase.cni.CniCluster.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.snapshot.ObjectKey;

/** KT-CNI-001 on real-format node files: the CNI plugin's API server is a ClusterIP its node does not serve. */
class ApiServerUnreachableDetectorTest {

    private final ApiServerUnreachableDetector detector = new ApiServerUnreachableDetector();

    @Test
    void aKubeconfigNamingTheUnservedClusterIpIsReportedAtItsServerLine() {
        CniCluster c = CniCluster.withApiServer().add(CniCluster.daemonSet(null), CniCluster.calicoPod("node-2", false))
                .node("node-2", "ipvsadm-Ln-lost.txt", calicoFiles("calico-kubeconfig"));

        List<Finding> found = detector.detect(c.input());

        assertEquals(1, found.size(), found.toString());
        Finding f = found.get(0);
        assertEquals("KT-CNI-001:node-2", f.id());
        assertEquals("KT-ROUTING-002:node-2", f.cause(), "nothing on the node serves the ClusterIP");
        assertEquals(List.of("cni.set-apiserver-endpoint", "cni.restart-calico-node"), f.fixIds());
        Evidence server = f.evidence().get(0);
        assertNotNull(server.location());
        assertEquals("node-2", server.location().node());
        assertEquals("cni/calico-kubeconfig", server.location().file());
        int line = CniCluster.lineOf(fixture("calico-kubeconfig"), "server:");
        assertEquals(line, server.location().line());
        assertEquals(fixture("calico-kubeconfig").split("\n")[line - 1], server.sourceLine());
        assertTrue(server.sourceLine().contains("https://10.233.0.1:443"), server.sourceLine());
        Evidence route = f.evidence().stream().filter(e -> e.label().startsWith("route ")).findFirst().orElseThrow();
        assertEquals("route NOT_SERVED", route.label());
        assertTrue(f.evidence().stream().anyMatch(e -> e.label().equals("missing hop")
                && "ipvsadm-Ln.txt".equals(e.location().file()) && e.detail().contains("IPVS_VIRTUAL_SERVICE")),
                f.evidence().toString());
        assertTrue(f.evidence().stream().anyMatch(e -> e.label().equals("ready endpoints")
                && e.detail().equals("192.168.10.11:6443")), f.evidence().toString());
        assertTrue(f.affected().contains(new ObjectKey("", "Pod", "kube-system", "calico-node-node-2")));
        assertTrue(f.affected().contains(new ObjectKey("apps", "DaemonSet", "kube-system", "calico-node")));
        assertTrue(f.title().contains("10.233.0.1:443"), f.title());
    }

    @Test
    void aClusterIpMissingOnKubeIpvs0IsCausedByTheAddressFinding() {
        CniCluster c = CniCluster.withApiServer().node("node-5", "ipvsadm-Ln-served.txt", "ip-addr-no-cluster-ip.txt",
                calicoFiles("calico-kubeconfig"));

        Finding f = detector.detect(c.input()).get(0);

        assertEquals("KT-CNI-001:node-5", f.id());
        assertEquals("KT-ROUTING-004:node-5", f.cause(), "the virtual service exists; kube-ipvs0 lacks the address");
        assertTrue(f.evidence().stream().anyMatch(e -> e.label().equals("missing hop")
                && "ip-addr.txt".equals(e.location().file())), f.evidence().toString());
    }

    @Test
    void aVirtualServiceWithoutRealServersIsCausedByTheServiceFinding() {
        CniCluster c = CniCluster.withApiServer().node("node-3", "ipvsadm-Ln-no-real-servers.txt",
                calicoFiles("calico-kubeconfig"));

        Finding f = detector.detect(c.input()).get(0);

        assertEquals("KT-CNI-001:node-3", f.id());
        assertEquals("KT-ROUTING-003:default/kubernetes", f.cause());
        assertTrue(f.evidence().stream().anyMatch(e -> e.label().equals("route NO_ENDPOINTS")), f.evidence().toString());
    }

    @Test
    void staleRealServersMakeAPartlyServedRouteCausedByTheServiceFinding() {
        CniCluster c = CniCluster.withApiServer().node("node-4", "ipvsadm-Ln-stale.txt", calicoFiles("calico-kubeconfig"));

        Finding f = detector.detect(c.input()).get(0);

        assertEquals("KT-ROUTING-003:default/kubernetes", f.cause());
        assertTrue(f.evidence().stream().anyMatch(e -> e.label().equals("route PARTIALLY_SERVED")),
                f.evidence().toString());
    }

    @Test
    void aHealthyNodeWhoseClusterIpIsServedRaisesNothing() {
        CniCluster c = CniCluster.withApiServer().add(CniCluster.daemonSet(null), CniCluster.calicoPod("node-1", true))
                .node("node-1", "ipvsadm-Ln-served.txt", calicoFiles("calico-kubeconfig"));

        assertEquals(List.of(), detector.detect(c.input()));
        assertEquals(List.of(), new InvalidConfigDetector().detect(c.input()));
        assertEquals(List.of(), new CalicoNodeNotReadyDetector().detect(c.input()));
    }

    @Test
    void aKubeconfigNamingTheRealApiServerRaisesNothingEvenWhenTheClusterIpIsUnserved() {
        CniCluster c = CniCluster.withApiServer().add(CniCluster.daemonSet(null))
                .node("node-2", "ipvsadm-Ln-lost.txt", calicoFiles("calico-kubeconfig-direct"));

        assertEquals(List.of(), detector.detect(c.input()));
    }

    @Test
    void theCalicoNodeEnvNamingTheClusterIpIsReportedWithTheDaemonSet() {
        String env = "[{\"name\":\"KUBERNETES_SERVICE_HOST\",\"value\":\"10.233.0.1\"},"
                + "{\"name\":\"KUBERNETES_SERVICE_PORT\",\"value\":\"443\"}]";
        CniCluster c = CniCluster.withApiServer().add(CniCluster.daemonSet(env))
                .node("node-2", "ipvsadm-Ln-lost.txt", calicoFiles("calico-kubeconfig-direct"));

        List<Finding> found = detector.detect(c.input());

        assertEquals(1, found.size(), found.toString());
        Evidence first = found.get(0).evidence().get(0);
        assertEquals(new ObjectKey("apps", "DaemonSet", "kube-system", "calico-node"), first.object());
        assertTrue(first.detail().contains("KUBERNETES_SERVICE_HOST=10.233.0.1"), first.detail());
    }

    @Test
    void theKubeconfigTheConflistNamesIsTheOneRead() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("10-calico.conflist", fixture("10-calico.conflist").replace("/etc/cni/net.d/calico-kubeconfig",
                "/etc/cni/net.d/calico-kubeconfig-alt"));
        files.put("calico-kubeconfig", fixture("calico-kubeconfig-direct"));
        files.put("calico-kubeconfig-alt", fixture("calico-kubeconfig"));
        CniCluster c = CniCluster.withApiServer().node("node-2", "ipvsadm-Ln-lost.txt", files);

        Finding f = detector.detect(c.input()).get(0);

        assertEquals("cni/calico-kubeconfig-alt", f.evidence().get(0).location().file());
    }

    @Test
    void nothingIsReportedForDataNotCollected() {
        CniCluster noCni = CniCluster.withApiServer().node("node-2", "ipvsadm-Ln-lost.txt", Map.of());
        CniCluster noTables = CniCluster.withApiServer().node("node-2", null, calicoFiles("calico-kubeconfig"));
        CniCluster noNodes = CniCluster.withApiServer().add(CniCluster.daemonSet(null));

        assertEquals(List.of(), detector.detect(noCni.input()));
        assertEquals(List.of(), new InvalidConfigDetector().detect(noCni.input()));
        assertEquals(List.of(), detector.detect(noTables.input()), "route UNKNOWN: no tables collected");
        assertEquals(List.of(), detector.detect(noNodes.input()));
    }

    @Test
    void malformedFilesGiveNoException() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("10-calico.conflist", "{ \"plugins\": [ {\"type\": ");
        files.put("calico-kubeconfig", "clusters: [ : :\n\tserver: ]]");
        CniCluster c = CniCluster.withApiServer().node("node-2", "ip-addr.txt", files);

        assertEquals(List.of(), detector.detect(c.input()));
        Finding invalid = new InvalidConfigDetector().detect(c.input()).get(0);
        assertEquals("KT-CNI-004:node-2", invalid.id());
        assertNull(invalid.cause());
    }
}
