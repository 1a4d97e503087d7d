package io.kubetriage.phase.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.Diagnosis;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.snapshot.Snapshot;

/** The incident's chain as the diagnosis orders it: the lost rules before the ClusterIPs they leave unserved. */
class CauseOrderTest {

    private static Snapshot rulesLostOnWorker() {
        return Cluster.ipvs()
                .file(Cluster.WORKER, NodePaths.IPTABLES_SAVE, Fixtures.text("iptables-save-rules-lost.txt"))
                .file(Cluster.WORKER, NodePaths.IPVSADM_LN, Fixtures.text("ipvsadm-Ln-empty.txt")).snapshot();
    }

    @Test
    void lostRulesComeFirstAndTheRollbackCauseIsDroppedWhenNotFound() {
        List<Finding> found = new Diagnosis(Routing.all()).run(DiagnosisInput.of(rulesLostOnWorker()));
        assertEquals(List.of("KT-ROUTING-006:worker-1", "KT-ROUTING-002:worker-1"), Routing.ids(found));
        assertNull(found.get(0).cause(), "phase 1 made no KT-ROLLBACK-001 in this run");
        assertEquals("KT-ROUTING-006:worker-1", found.get(1).cause());
    }

    @Test
    void withTheRollbackFoundTheChainStartsThere() {
        Detector rollback = new Detector() {
            @Override
            public String phase() {
                return "rollback";
            }

            @Override
            public List<String> codes() {
                return List.of("KT-ROLLBACK-001");
            }

            @Override
            public List<Finding> detect(DiagnosisInput input) {
                return List.of(new Finding("KT-ROLLBACK-001", "KT-ROLLBACK-001", Severity.ERROR,
                        "The etcd revision went backwards", "", List.of(), List.of(), null, List.of()));
            }
        };
        List<Detector> detectors = new ArrayList<>(Routing.all());
        detectors.add(rollback);
        List<Finding> found = new Diagnosis(detectors).run(DiagnosisInput.of(rulesLostOnWorker()));
        assertEquals(List.of("KT-ROLLBACK-001", "KT-ROUTING-006:worker-1", "KT-ROUTING-002:worker-1"),
                Routing.ids(found));
        assertEquals("KT-ROLLBACK-001", found.get(1).cause());
    }
}
