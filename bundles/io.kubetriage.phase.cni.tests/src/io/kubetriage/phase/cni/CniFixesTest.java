package io.kubetriage.phase.cni;

import static io.kubetriage.phase.cni.CniCluster.calicoFiles;
import static io.kubetriage.phase.cni.CniCluster.calicoPod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.snapshot.ObjectKey;

/** The plans of cni.set-apiserver-endpoint and cni.restart-calico-node. */
class CniFixesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CniFixes fixes = new CniFixes();

    private static CniCluster cluster(String env, boolean installCni, String strategy, String... apiServers) {
        return CniCluster.empty().add(CniCluster.kubernetesService(), CniCluster.kubernetesEndpoints(apiServers),
                CniCluster.obj(CniCluster.daemonSetJson(env, installCni, strategy)), calicoPod("node-1", true),
                calicoPod("node-2", false))
                .node("node-2", "ipvsadm-Ln-lost.txt", calicoFiles("calico-kubeconfig"));
    }

    private static Finding finding(DiagnosisInput input) {
        return new ApiServerUnreachableDetector().detect(input).get(0);
    }

    @Test
    void setApiServerEndpointPatchesCalicoNodeAndInstallCniWithExactPaths() throws Exception {
        DiagnosisInput input = cluster(null, true, "RollingUpdate", "192.168.10.11", "192.168.10.12").input();
        Finding f = finding(input);

        FixPlan plan = fixes.plan("cni.set-apiserver-endpoint", f, input).orElseThrow();

        assertEquals("cni.set-apiserver-endpoint", plan.fixId());
        assertEquals(f.id(), plan.findingId());
        assertTrue(plan.mutatesCluster());
        assertEquals(1, plan.steps().size());
        FixStep.ApiStep step = (FixStep.ApiStep) plan.steps().get(0);
        assertEquals(FixStep.Operation.PATCH, step.operation());
        assertEquals(new ObjectKey("apps", "DaemonSet", "kube-system", "calico-node"), step.target());
        assertEquals("500", step.resourceVersion());
        assertEquals("application/json-patch+json", step.patchType());
        JsonNode expected = JSON.readTree("""
                [{"op":"add","path":"/spec/template/spec/containers/0/env",
                  "value":[{"name":"KUBERNETES_SERVICE_HOST","value":"192.168.10.11"}]},
                 {"op":"add","path":"/spec/template/spec/containers/0/env/-",
                  "value":{"name":"KUBERNETES_SERVICE_PORT","value":"6443"}},
                 {"op":"add","path":"/spec/template/spec/initContainers/1/env/-",
                  "value":{"name":"KUBERNETES_SERVICE_HOST","value":"192.168.10.11"}},
                 {"op":"add","path":"/spec/template/spec/initContainers/1/env/-",
                  "value":{"name":"KUBERNETES_SERVICE_PORT","value":"6443"}}]
                """);
        assertEquals(expected, JSON.readTree(step.patch()));
        JsonNode before = JSON.readTree(step.beforeJson());
        JsonNode after = JSON.readTree(step.afterJson());
        assertTrue(before.at("/spec/template/spec/containers/0/env").isMissingNode());
        assertEquals("192.168.10.11", after.at("/spec/template/spec/containers/0/env/0/value").asText());
        assertEquals("6443", after.at("/spec/template/spec/initContainers/1/env/2/value").asText());
        assertEquals("10-calico.conflist", after.at("/spec/template/spec/initContainers/1/env/0/value").asText(),
                "other variables are kept");
        assertEquals(before.at("/spec/template/spec/initContainers/0"), after.at("/spec/template/spec/initContainers/0"));
        assertTrue(plan.confirmation().contains("RollingUpdate"), plan.confirmation());
        assertTrue(plan.confirmation().contains("192.168.10.11:6443"), plan.confirmation());
        assertTrue(plan.undo().contains("container calico-node: KUBERNETES_SERVICE_HOST was not set, "
                + "KUBERNETES_SERVICE_PORT was not set"), plan.undo());
        assertTrue(plan.undo().contains("set env daemonset/calico-node -c calico-node KUBERNETES_SERVICE_HOST- "
                + "KUBERNETES_SERVICE_PORT-"), plan.undo());
        assertTrue(plan.undo().contains("undo record"), plan.undo());
    }

    @Test
    void existingValuesAreReplacedAndListedForUndo() throws Exception {
        String env = "[{\"name\":\"DATASTORE_TYPE\",\"value\":\"kubernetes\"},"
                + "{\"name\":\"KUBERNETES_SERVICE_HOST\",\"value\":\"10.233.0.1\"}]";
        DiagnosisInput input = cluster(env, false, "OnDelete", "192.168.10.11").input();

        FixPlan plan = fixes.plan("cni.set-apiserver-endpoint", finding(input), input).orElseThrow();

        FixStep.ApiStep step = (FixStep.ApiStep) plan.steps().get(0);
        JsonNode expected = JSON.readTree("""
                [{"op":"replace","path":"/spec/template/spec/containers/0/env/1",
                  "value":{"name":"KUBERNETES_SERVICE_HOST","value":"192.168.10.11"}},
                 {"op":"add","path":"/spec/template/spec/containers/0/env/-",
                  "value":{"name":"KUBERNETES_SERVICE_PORT","value":"6443"}}]
                """);
        assertEquals(expected, JSON.readTree(step.patch()));
        assertTrue(plan.undo().contains("KUBERNETES_SERVICE_HOST was 10.233.0.1, KUBERNETES_SERVICE_PORT was not set"),
                plan.undo());
        assertTrue(plan.undo().contains("KUBERNETES_SERVICE_HOST=10.233.0.1 KUBERNETES_SERVICE_PORT-"), plan.undo());
        assertTrue(plan.confirmation().contains("OnDelete"), plan.confirmation());
    }

    @Test
    void noReadyApiServerAddressMeansNoPlan() {
        DiagnosisInput input = cluster(null, true, "RollingUpdate").input();
        Finding f = new CalicoNodeNotReadyDetector().detect(input).get(0);

        assertEquals(Optional.empty(), fixes.plan("cni.set-apiserver-endpoint", f, input));
        assertEquals(Optional.empty(), CniFixes.apiServerEndpoint(input.snapshot()));
    }

    @Test
    void aFixTheFindingDoesNotOfferIsNotPlanned() {
        DiagnosisInput input = cluster(null, true, "RollingUpdate", "192.168.10.11").input();
        Finding f = finding(input);
        Finding withoutFixes = new Finding(f.id(), f.code(), f.severity(), f.title(), f.explanation(), f.evidence(),
                f.affected(), f.cause(), List.of());

        assertEquals(Optional.empty(), fixes.plan("cni.set-apiserver-endpoint", withoutFixes, input));
        assertEquals(Optional.empty(), fixes.plan("cni.no-such-fix", f, input));
    }

    @Test
    void restartDeletesTheCalicoNodePodOfTheFindingsNode() throws Exception {
        DiagnosisInput input = cluster(null, true, "RollingUpdate", "192.168.10.11").input();

        FixPlan plan = fixes.plan("cni.restart-calico-node", finding(input), input).orElseThrow();

        assertEquals(1, plan.steps().size());
        FixStep.ApiStep step = (FixStep.ApiStep) plan.steps().get(0);
        assertEquals(FixStep.Operation.DELETE, step.operation());
        assertEquals(new ObjectKey("", "Pod", "kube-system", "calico-node-node-2"), step.target());
        assertEquals(input.snapshot().object(step.target()).orElseThrow().resourceVersion(), step.resourceVersion());
        assertNull(step.afterJson());
        assertEquals("calico-node-node-2", JSON.readTree(step.beforeJson()).at("/metadata/name").asText());
        assertTrue(plan.mutatesCluster());
        assertTrue(plan.confirmation().contains("RollingUpdate"), plan.confirmation());
        assertTrue(plan.confirmation().contains("restarts calico-node by itself"), plan.confirmation());
        assertFalse(plan.undo().isBlank());
    }

    @Test
    void restartOfAFindingWithoutANodeDeletesEveryCalicoNodePod() {
        CniCluster c = cluster(null, true, "RollingUpdate", "192.168.10.11").event("shop", "x.1",
                "FailedCreatePodSandBox", CniCluster.sandboxMessage("x", "10.233.0.1:443"), null, null);
        DiagnosisInput input = c.input();
        Finding unknown = new SandboxErrorsDetector().detect(input).get(0);

        FixPlan plan = fixes.plan("cni.restart-calico-node", unknown, input).orElseThrow();

        assertEquals("KT-CNI-003:unknown", unknown.id());
        assertEquals(List.of("calico-node-node-1", "calico-node-node-2"), plan.steps().stream()
                .map(s -> ((FixStep.ApiStep) s).target().name()).toList());
    }
}
