package io.kubetriage.phase.cni;

import static io.kubetriage.phase.cni.CniCluster.appPod;
import static io.kubetriage.phase.cni.CniCluster.calicoFiles;
import static io.kubetriage.phase.cni.CniCluster.calicoPod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.Diagnosis;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FindingCatalog;
import io.kubetriage.core.diagnosis.Severity;

/**
 * The whole incident through {@link Diagnosis}: the routing finding (a stand-in for the routing
 * phase's) first, then the unreachable API server it causes, then what that causes.
 */
class DiagnosisOrderTest {

    static List<Detector> all() {
        return List.of(new ApiServerUnreachableDetector(), new CalicoNodeNotReadyDetector(),
                new SandboxErrorsDetector(), new InvalidConfigDetector());
    }

    /** Reports what the routing phase reports for a node whose IPVS rules are gone. */
    static final class RoutingStandIn implements Detector {

        @Override
        public String phase() {
            return "routing";
        }

        @Override
        public List<String> codes() {
            return List.of("KT-ROUTING-002");
        }

        @Override
        public List<Finding> detect(DiagnosisInput input) {
            return List.of(new Finding("KT-ROUTING-002:node-2", "KT-ROUTING-002", Severity.ERROR,
                    "node-2 serves no ClusterIP", "", List.of(), List.of(), null, List.of()));
        }
    }

    private static DiagnosisInput incident() {
        return CniCluster.withApiServer().add(CniCluster.daemonSet(null), calicoPod("node-1", true),
                calicoPod("node-2", false), appPod("web-1", "node-2"))
                .node("node-1", "ipvsadm-Ln-served.txt", calicoFiles("calico-kubeconfig"))
                .node("node-2", "ipvsadm-Ln-lost.txt", calicoFiles("calico-kubeconfig"))
                .event("shop", "web-1.1", "FailedCreatePodSandBox", CniCluster.sandboxMessage("web-1", "10.233.0.1:443"),
                        "web-1", null)
                .input();
    }

    @Test
    void theRoutingFindingComesFirstAndEachCauseBeforeWhatItCauses() {
        List<Detector> detectors = new ArrayList<>(all());
        detectors.add(0, new RoutingStandIn());

        List<Finding> found = new Diagnosis(detectors).run(incident());

        List<String> ids = found.stream().map(Finding::id).toList();
        assertEquals(List.of("KT-ROUTING-002:node-2", "KT-CNI-001:node-2", "KT-CNI-002:node-2", "KT-CNI-003:node-2"),
                ids);
        assertEquals("KT-ROUTING-002:node-2", found.get(1).cause());
        assertEquals("KT-CNI-001:node-2", found.get(2).cause());
        assertEquals("KT-CNI-001:node-2", found.get(3).cause());
    }

    @Test
    void withoutTheRoutingPhaseItsCauseIsDroppedAndTheCniFindingIsTheRoot() {
        List<Finding> found = new Diagnosis(all()).run(incident());

        assertEquals("KT-CNI-001:node-2", found.get(0).id());
        assertNull(found.get(0).cause());
        assertEquals(List.of("KT-CNI-001:node-2", "KT-CNI-002:node-2", "KT-CNI-003:node-2"),
                found.stream().map(Finding::id).toList());
    }

    @Test
    void everyCodeIsCataloguedAndEveryCataloguedFixIsPlanned() {
        CniFixes fixes = new CniFixes();
        assertEquals(List.of("cni.set-apiserver-endpoint", "cni.restart-calico-node"), fixes.fixIds());
        for (Detector d : all()) {
            assertEquals("cni", d.phase());
            assertEquals(d.codes(), d.catalog().stream().map(FindingCatalog.Entry::code).toList(), d.toString());
        }
        FindingCatalog catalog = FindingCatalog.of(all());
        for (FindingCatalog.Entry e : catalog.entries()) {
            assertTrue(fixes.fixIds().containsAll(e.fixes()), e.code() + " names a fix nobody plans");
        }
        assertEquals(List.of("KT-CNI-001", "KT-CNI-002", "KT-CNI-003", "KT-CNI-004", "KT-INTERNAL-001"),
                catalog.entries().stream().map(FindingCatalog.Entry::code).toList());
        assertTrue(catalog.markdown().contains("## KT-CNI-001 — "), catalog.markdown());
    }

    @Test
    void everyFixAFindingOffersIsPlannedForTheIncident() {
        DiagnosisInput input = incident();
        CniFixes fixes = new CniFixes();
        for (Finding f : new Diagnosis(all()).run(input)) {
            for (String fixId : f.fixIds()) {
                assertTrue(fixes.plan(fixId, f, input).isPresent(), fixId + " for " + f.id());
            }
        }
    }
}
