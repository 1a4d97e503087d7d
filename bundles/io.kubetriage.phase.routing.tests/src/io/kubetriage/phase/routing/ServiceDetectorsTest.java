package io.kubetriage.phase.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/** KT-ROUTING-001 (no ready endpoints) and KT-ROUTING-003 (node rules differ from the endpoints). */
class ServiceDetectorsTest {

    private static final ObjectKey NGINX_ENDPOINTS = new ObjectKey("", "Endpoints", "default", "nginx");

    @Test
    void emptyEndpointsWithAReadyPodAreStale() {
        Snapshot s = Cluster.ipvs().add(Cluster.emptyEndpoints("default", "nginx")).withoutNodeData().snapshot();
        List<Finding> found = new NoEndpointsDetector().detect(io.kubetriage.core.diagnosis.DiagnosisInput.of(s));
        assertEquals(List.of("KT-ROUTING-001:default/nginx"), Routing.ids(found));
        Finding f = found.get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.title().contains("although 1 Pod is ready"), f.title());
        assertEquals("KT-ROLLBACK-001", f.cause());
        assertEquals(List.of("routing.recreate-service"), f.fixIds());
        assertEquals(Cluster.NGINX, f.affected().get(0));
        assertTrue(f.evidence().stream().anyMatch(e -> NGINX_ENDPOINTS.equals(e.object())
                && e.detail().contains("no ready address")));
        assertTrue(f.evidence().stream().anyMatch(e -> e.label().equals("ready Pod")
                && e.object().name().equals("nginx-6799fc88d8-h2xkq")));
    }

    @Test
    void aMissingEndpointsObjectAndASelectorMatchingNothing() {
        Snapshot s = Cluster.iptables().remove(NGINX_ENDPOINTS)
                .remove(new ObjectKey("", "Pod", "default", "nginx-6799fc88d8-h2xkq")).withoutNodeData().snapshot();
        Finding f = Routing.get(new NoEndpointsDetector().detect(io.kubetriage.core.diagnosis.DiagnosisInput.of(s)),
                "KT-ROUTING-001:default/nginx");
        assertTrue(f.evidence().stream().anyMatch(e -> e.detail().contains("no Endpoints object and no EndpointSlice")));
        assertTrue(f.title().endsWith("its selector matches no Pod"), f.title());
        assertNull(f.cause());
        assertEquals(List.of(), f.fixIds(), "nothing to re-create when no Pod is behind it");
    }

    @Test
    void noEndpointsFindingWithoutCapturedEndpointsOrForServicesWithoutSelector() {
        Cluster c = Cluster.ipvs().withoutNodeData();
        c.remove(NGINX_ENDPOINTS, new ObjectKey("", "Endpoints", "kube-system", "coredns"),
                new ObjectKey("", "Endpoints", "default", "kubernetes"));
        assertEquals(List.of(), Routing.ids(new NoEndpointsDetector().detect(
                io.kubetriage.core.diagnosis.DiagnosisInput.of(c.snapshot()))), "endpoints not captured: no guess");
        Snapshot s = Cluster.ipvs().withoutNodeData().add(Cluster.emptyEndpoints("default", "kubernetes")).snapshot();
        assertEquals(List.of(), Routing.ids(new NoEndpointsDetector().detect(
                io.kubetriage.core.diagnosis.DiagnosisInput.of(s))), "default/kubernetes has no selector");
    }

    @Test
    void aVirtualServiceWithoutRealServersIsStale() {
        Snapshot s = Cluster.ipvs().file(Cluster.WORKER, NodePaths.IPVSADM_LN,
                Fixtures.text("ipvsadm-Ln-no-real-servers.txt")).snapshot();
        List<Finding> found = Routing.findings(s);
        assertEquals(List.of("KT-ROUTING-003:default/nginx"), Routing.ids(found));
        Finding f = found.get(0);
        Evidence e = f.evidence().get(0);
        assertEquals(Cluster.WORKER, e.location().node());
        assertEquals(NodePaths.IPVSADM_LN, e.location().file());
        assertEquals(9, e.location().line());
        assertEquals("TCP  10.233.40.7:80 rr", e.sourceLine());
        assertEquals(Cluster.NGINX, e.object());
        assertTrue(e.detail().contains("10.233.66.9:8080 is ready but gets no traffic (no real server at all)"),
                e.detail());
        assertEquals(List.of("routing.restart-kube-proxy", "routing.recreate-service"), f.fixIds());
        assertEquals("KT-ROLLBACK-001", f.cause(), "kube-proxy runs: the stale view is the rollback's");
    }

    @Test
    void dnatTargetsThatAreNoLongerEndpointsAreNamedWithTheirLine() {
        Snapshot s = Cluster.iptables().add(Cluster.endpoints("default", "nginx",
                "[{\"ip\":\"10.233.66.10\",\"nodeName\":\"worker-1\"}]",
                "[{\"name\":\"http\",\"port\":8080,\"protocol\":\"TCP\"}]")).snapshot();
        Finding f = Routing.get(Routing.findings(s), "KT-ROUTING-003:default/nginx");
        assertEquals(4, f.evidence().size(), "missing and unexpected, on both nodes");
        Evidence unexpected = f.evidence().stream().filter(e -> e.label().equals("unexpected endpoint")).findFirst()
                .orElseThrow();
        assertEquals(NodePaths.IPTABLES_SAVE, unexpected.location().file());
        assertTrue(unexpected.sourceLine().endsWith("-j DNAT --to-destination 10.233.66.9:8080"),
                unexpected.sourceLine());
        assertTrue(f.evidence().stream().anyMatch(e -> e.label().equals("endpoints not routed")
                && e.detail().contains("10.233.66.10:8080")));
        assertTrue(f.title().endsWith("on 2 nodes"), f.title());
    }

    @Test
    void aKubeProxyThatIsNotReadyIsTheCauseOfStaleRules() {
        Snapshot s = Cluster.ipvs().file(Cluster.WORKER, NodePaths.IPVSADM_LN,
                Fixtures.text("ipvsadm-Ln-no-real-servers.txt"))
                .add(Cluster.pod("kube-system", "kube-proxy-m8d4f", java.util.Map.of("k8s-app", "kube-proxy"),
                        Cluster.WORKER, "192.168.10.12", false))
                .snapshot();
        assertEquals("KT-ROUTING-005:worker-1", Routing.get(Routing.findings(s), "KT-ROUTING-003:default/nginx").cause());
    }
}
