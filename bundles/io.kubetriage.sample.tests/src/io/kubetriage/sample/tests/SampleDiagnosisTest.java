package io.kubetriage.sample.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FindingCatalog;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.diagnosis.DiagnosisService;

/**
 * The sample tells the incident: the API objects show its three layers, and the contributed phases
 * (through the platform's extension registry) name the restore first.
 */
class SampleDiagnosisTest {

    @Test
    void theRestoreIsTheFirstFindingOfTheContributedPhases() {
        List<Finding> findings = new DiagnosisService().diagnose(
                new DiagnosisInput(SamplePair.AFTER, SamplePair.BEFORE, null, null));
        findings.forEach(f -> System.out.println("[sample] finding " + f.id() + " (cause " + f.cause() + "): "
                + f.title()));
        assertFalse(findings.isEmpty(), "the sample has findings");
        assertTrue(findings.stream().noneMatch(f -> f.code().equals(FindingCatalog.INTERNAL)),
                "no detector failed: " + findings);
        Finding first = findings.get(0);
        assertEquals("KT-ROLLBACK-001", first.code(), "the restore is named first: " + findings);
        assertNull(first.cause(), "and it is a root");
    }

    /**
     * The founding incident's causal chain, root first: the restore, kube-proxy's rules lost on
     * the node, the kubernetes ClusterIP unserved there, Calico reaching the API server through it,
     * and what that breaks (calico-node not Ready, sandboxes without network).
     */
    @Test
    void allThreePhasesReadRootFirst() {
        List<Finding> findings = new DiagnosisService().diagnose(
                new DiagnosisInput(SamplePair.AFTER, SamplePair.BEFORE, null, null));
        List<String> ids = findings.stream().map(Finding::id).toList();
        String chain = String.join(" ", ids);
        int restore = index(findings, "KT-ROLLBACK-001");
        int rulesLost = ids.indexOf("KT-ROUTING-006:master-1");
        int unserved = ids.indexOf("KT-ROUTING-002:master-1");
        int cni = ids.indexOf("KT-CNI-001:master-1");
        int calico = ids.indexOf("KT-CNI-002:master-1");
        int sandbox = ids.indexOf("KT-CNI-003:master-1");
        assertEquals(0, restore, chain);
        assertTrue(rulesLost > restore, "kube-proxy's rules lost, after the restore: " + chain);
        assertTrue(unserved > rulesLost, "the ClusterIPs unserved, after the lost rules: " + chain);
        assertTrue(cni > unserved, "Calico's unreachable API server, after the unserved ClusterIP: " + chain);
        assertTrue(calico > cni && sandbox > cni, "calico-node and the sandboxes, after the CNI finding: " + chain);

        assertTrue(findings.get(rulesLost).isCausedBy(findings.get(restore)), "the restore caused the lost rules");
        assertEquals("KT-ROUTING-006:master-1", findings.get(unserved).cause());
        assertEquals("KT-ROUTING-002:master-1", findings.get(cni).cause());
        assertEquals("KT-CNI-001:master-1", findings.get(calico).cause());
        assertEquals("KT-CNI-001:master-1", findings.get(sandbox).cause());

        Finding unservedFinding = findings.get(unserved);
        assertEquals("kubernetes", unservedFinding.affected().get(0).name(),
                "the kubernetes Service is named first among the unserved: " + unservedFinding.affected());
        assertTrue(findings.get(cni).evidence().stream().anyMatch(e -> e.location() != null
                && "cni/calico-kubeconfig".equals(e.location().file()) && e.location().line() > 0
                && e.sourceLine() != null && e.sourceLine().contains("10.233.0.1")),
                "the calico-kubeconfig server line is evidence: " + findings.get(cni).evidence());
    }

    @Test
    void theHealthyNodeOfTheBaselineRaisesNoRoutingOrCniFinding() {
        List<Finding> findings = new DiagnosisService().diagnose(DiagnosisInput.of(SamplePair.BEFORE));
        assertTrue(findings.stream().noneMatch(f -> f.code().startsWith("KT-ROUTING-") || f.code().startsWith("KT-CNI-")),
                "the day before, Services were served and Calico reached the API server: " + findings);
    }

    private static int index(List<Finding> findings, String code) {
        for (int i = 0; i < findings.size(); i++) {
            if (findings.get(i).code().equals(code)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void theBaselineAloneShowsNoRestore() {
        List<Finding> findings = new DiagnosisService().diagnose(DiagnosisInput.of(SamplePair.BEFORE));
        assertTrue(findings.stream().noneMatch(f -> f.code().equals("KT-ROLLBACK-001")),
                "nothing went back in the healthy cluster: " + findings);
    }

    @Test
    void theApiObjectsShowWhatTheNodeReported() {
        JsonNode calicoBefore = only(SamplePair.pods(SamplePair.BEFORE, "kube-system", "k8s-app", "calico-node"));
        JsonNode calicoAfter = only(SamplePair.pods(SamplePair.AFTER, "kube-system", "k8s-app", "calico-node"));
        assertEquals("True", SamplePair.condition(calicoBefore, "Ready"), "calico-node was Ready");
        assertEquals("False", SamplePair.condition(calicoAfter, "Ready"), "calico-node is not Ready");
        assertEquals(1, SamplePair.pods(SamplePair.AFTER, "kube-system", "k8s-app", "kube-proxy").size());

        JsonNode calicoDs = SamplePair.object(SamplePair.AFTER, "apps", "DaemonSet", "kube-system", "calico-node");
        for (JsonNode env : calicoDs.path("spec").path("template").path("spec").path("containers").path(0)
                .path("env")) {
            assertFalse(env.path("name").asText().startsWith("KUBERNETES_SERVICE_"),
                    "calico-node is not pointed at the API server directly");
        }
        assertTrue(SamplePair.object(SamplePair.AFTER, "", "ConfigMap", "kube-system", "kube-proxy").path("data")
                .path("config.conf").asText().contains("mode: ipvs"));

        assertTrue(SamplePair.BEFORE.objects().stream().anyMatch(o -> o.key().name().equals("kube-scheduler-master-1")),
                "the scheduler's mirror Pod was there");
        assertTrue(SamplePair.AFTER.objects().stream().noneMatch(o -> o.key().name().equals("kube-scheduler-master-1")),
                "the scheduler's mirror Pod is gone");

        JsonNode nettest = SamplePair.object(SamplePair.AFTER, "", "Pod", "default", "nettest");
        assertEquals("Pending", nettest.path("status").path("phase").asText());
        assertEquals("ContainerCreating", nettest.path("status").path("containerStatuses").path(0).path("state")
                .path("waiting").path("reason").asText());
        List<String> sandbox = SamplePair.AFTER.events().stream().map(ApiObject::json)
                .filter(j -> j.contains("FailedCreatePodSandBox") && j.contains("nettest")).toList();
        assertFalse(sandbox.isEmpty(), "the sandbox failures are events");
        assertTrue(sandbox.get(0).contains("dial tcp 10.233.0.1:443: i/o timeout"), sandbox.get(0));
    }

    private static JsonNode only(List<JsonNode> pods) {
        assertEquals(1, pods.size(), "one Pod: " + pods);
        return pods.get(0);
    }
}
