package io.kubetriage.phase.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.FindingCatalog;
import io.kubetriage.core.node.section.NodePaths;

/** Healthy clusters raise nothing; the detectors publish what they report. */
class HealthyClusterTest {

    @Test
    void aHealthyIpvsClusterRaisesNothing() {
        assertEquals(List.of(), Routing.ids(Routing.findings(Cluster.ipvs().snapshot())));
    }

    @Test
    void aHealthyIpvsClusterCollectedWithIpvsadmSaveRaisesNothing() {
        Cluster c = Cluster.ipvs();
        for (String node : Cluster.NODES) {
            c.withoutFile(node, NodePaths.IPVSADM_LN).file(node, NodePaths.IPVSADM_SAVE,
                    Fixtures.text("ipvsadm-save-healthy.txt"));
        }
        assertEquals(List.of(), Routing.ids(Routing.findings(c.snapshot())));
    }

    @Test
    void aHealthyIptablesClusterRaisesNothing() {
        assertEquals(List.of(), Routing.ids(Routing.findings(Cluster.iptables().snapshot())));
    }

    @Test
    void aSnapshotWithoutNodeDataRaisesNothingOnAHealthyCluster() {
        assertEquals(List.of(), Routing.ids(Routing.findings(Cluster.ipvs().withoutNodeData().snapshot())));
    }

    @Test
    void everyDetectorCataloguesItsCodesAndTheFixesArePlanned() {
        List<String> codes = Routing.all().stream().flatMap(d -> d.codes().stream()).toList();
        assertEquals(List.of("KT-ROUTING-001", "KT-ROUTING-002", "KT-ROUTING-003", "KT-ROUTING-004",
                "KT-ROUTING-005", "KT-ROUTING-006"), codes);
        for (Detector d : Routing.all()) {
            assertEquals("routing", d.phase());
            assertEquals(d.codes(), d.catalog().stream().map(FindingCatalog.Entry::code).toList(), d.toString());
        }
        assertEquals(List.of("routing.restart-kube-proxy", "routing.recreate-kube-proxy-addon",
                "routing.recreate-service"), new RoutingFixes().fixIds());
        for (FindingCatalog.Entry e : FindingCatalog.of(Routing.all()).entries()) {
            assertTrue(new RoutingFixes().fixIds().containsAll(e.fixes()), e.code() + " names a fix nobody plans");
        }
        assertTrue(FindingCatalog.of(Routing.all()).markdown().contains("## KT-ROUTING-006 — "));
    }
}
