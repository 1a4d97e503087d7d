package io.kubetriage.phase.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.diagnosis.FixStep.ApiStep;
import io.kubetriage.core.diagnosis.FixStep.Operation;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/** The plans of the routing fixes, exactly as they will be previewed. */
class RoutingFixesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Snapshot rulesLost(Cluster c) {
        return c.file(Cluster.WORKER, NodePaths.IPTABLES_SAVE, Fixtures.text("iptables-save-rules-lost.txt"))
                .file(Cluster.WORKER, NodePaths.IPVSADM_LN, Fixtures.text("ipvsadm-Ln-empty.txt")).snapshot();
    }

    @Test
    void restartDeletesTheKubeProxyPodOfTheNodeWithItsResourceVersion() throws Exception {
        DiagnosisInput input = DiagnosisInput.of(rulesLost(Cluster.ipvs()));
        Finding f = Routing.get(Routing.findings(input), "KT-ROUTING-006:worker-1");
        FixPlan plan = new RoutingFixes().plan("routing.restart-kube-proxy", f, input).orElseThrow();
        assertEquals(1, plan.steps().size());
        ApiStep step = (ApiStep) plan.steps().get(0);
        assertEquals(Operation.DELETE, step.operation());
        assertEquals(new ObjectKey("", "Pod", "kube-system", "kube-proxy-m8d4f"), step.target());
        assertEquals(input.snapshot().object(step.target()).orElseThrow().resourceVersion(), step.resourceVersion());
        assertEquals("worker-1", JSON.readTree(step.beforeJson()).path("spec").path("nodeName").asText());
        assertTrue(plan.mutatesCluster());
        assertTrue(plan.confirmation().contains("kube-proxy-m8d4f on worker-1"), plan.confirmation());
        assertTrue(plan.undo().contains("the DaemonSet re-creates the Pods"), plan.undo());
        assertEquals(f.id(), plan.findingId());
        assertTrue(new RoutingFixes().plan("routing.recreate-kube-proxy-addon", f, input).isEmpty(),
                "not offered: the addon is whole");
    }

    @Test
    void aClusterWideFindingRestartsEveryKubeProxyAndTheFallbackLoadsTheModulesFirst() {
        Snapshot s = Cluster.ipvs()
                .file(Cluster.WORKER, NodePaths.IPTABLES_SAVE, Fixtures.text("iptables-save-iptables-mode.txt"))
                .file(Cluster.WORKER, NodePaths.IPVSADM_LN, Fixtures.text("ipvsadm-Ln-empty.txt")).snapshot();
        DiagnosisInput input = DiagnosisInput.of(s);
        Finding fallback = Routing.get(Routing.findings(input), "KT-ROUTING-005:worker-1");
        FixPlan plan = new RoutingFixes().plan("routing.restart-kube-proxy", fallback, input).orElseThrow();
        assertTrue(plan.steps().get(0) instanceof FixStep.RunbookStep run && run.commands().get(0).contains("modprobe"));
        assertEquals(Operation.DELETE, ((ApiStep) plan.steps().get(1)).operation());
        Finding all = new Finding("KT-ROUTING-005", "KT-ROUTING-005", io.kubetriage.core.diagnosis.Severity.ERROR, "t",
                "", List.of(), List.of(), null, List.of("routing.restart-kube-proxy"));
        assertEquals(2, new RoutingFixes().plan("routing.restart-kube-proxy", all, input).orElseThrow().steps().size());
    }

    @Test
    void theAddonCreatesWhatIsMissingWithTheBaselineModeAndCidr() throws Exception {
        Cluster c = Cluster.ipvs().remove(KubeProxyAddon.DAEMON_SET, KubeProxyAddon.CONFIG_MAP,
                KubeProxyAddon.SERVICE_ACCOUNT);
        Snapshot now = rulesLost(c);
        Snapshot baseline = Cluster.ipvs().snapshot();
        DiagnosisInput input = new DiagnosisInput(now, baseline, null, null);
        Finding f = Routing.get(Routing.findings(input), "KT-ROUTING-005");
        FixPlan plan = new RoutingFixes().plan("routing.recreate-kube-proxy-addon", f, input).orElseThrow();
        assertEquals(List.of(KubeProxyAddon.SERVICE_ACCOUNT, KubeProxyAddon.CONFIG_MAP, KubeProxyAddon.DAEMON_SET),
                plan.steps().stream().map(s -> ((ApiStep) s).target()).toList());
        assertTrue(plan.steps().stream().allMatch(s -> ((ApiStep) s).operation() == Operation.CREATE
                && ((ApiStep) s).afterJson() != null));
        JsonNode cm = JSON.readTree(((ApiStep) plan.steps().get(1)).afterJson());
        String conf = cm.path("data").path("config.conf").asText();
        assertTrue(conf.contains("\nmode: ipvs\n"), conf);
        assertTrue(conf.contains("\nclusterCIDR: 10.233.64.0/18\n"), conf);
        assertTrue(cm.path("data").path("kubeconfig.conf").asText().contains("server: https://192.168.10.11:6443"));
        JsonNode ds = JSON.readTree(((ApiStep) plan.steps().get(2)).afterJson());
        JsonNode pod = ds.path("spec").path("template").path("spec");
        assertEquals("k8s.gcr.io/kube-proxy:v1.20.2", pod.path("containers").path(0).path("image").asText());
        assertTrue(pod.path("hostNetwork").asBoolean());
        assertTrue(pod.path("containers").path(0).path("securityContext").path("privileged").asBoolean());
        assertEquals(3, pod.path("volumes").size());
        assertTrue(plan.undo().contains("undo deletes them"), plan.undo());
        assertTrue(plan.confirmation().contains("ServiceAccount kube-system/kube-proxy"), plan.confirmation());

        FixPlan noBaseline = new RoutingFixes().plan("routing.recreate-kube-proxy-addon", f, DiagnosisInput.of(now))
                .orElseThrow();
        String conf2 = JSON.readTree(((ApiStep) noBaseline.steps().get(1)).afterJson()).path("data")
                .path("config.conf").asText();
        assertTrue(conf2.contains("\nclusterCIDR: 10.233.64.0/18\n"), "from the controller-manager's flag: " + conf2);
        assertTrue(conf2.contains("\nmode: \"\"\n"), conf2);
    }

    @Test
    void recreatingAServiceKeepsItsClusterIpAndDropsServerMetadata() throws Exception {
        Snapshot s = Cluster.ipvs().add(Cluster.emptyEndpoints("default", "nginx")).snapshot();
        DiagnosisInput input = DiagnosisInput.of(s);
        Finding f = Routing.get(Routing.findings(input), "KT-ROUTING-001:default/nginx");
        FixPlan plan = new RoutingFixes().plan("routing.recreate-service", f, input).orElseThrow();
        ApiStep delete = (ApiStep) plan.steps().get(0);
        ApiStep create = (ApiStep) plan.steps().get(1);
        assertEquals(List.of(Operation.DELETE, Operation.CREATE), List.of(delete.operation(), create.operation()));
        assertEquals(s.object(Cluster.NGINX).orElseThrow().resourceVersion(), delete.resourceVersion());
        JsonNode after = JSON.readTree(create.afterJson());
        assertEquals("10.233.40.7", after.path("spec").path("clusterIP").asText());
        assertEquals("nginx", after.path("spec").path("selector").path("app").asText());
        assertEquals(80, after.path("spec").path("ports").path(0).path("port").asInt());
        assertEquals("nginx", after.path("metadata").path("labels").path("app").asText());
        assertFalse(after.path("metadata").has("uid"));
        assertFalse(after.path("metadata").has("resourceVersion"));
        assertFalse(after.path("metadata").has("creationTimestamp"));
        assertFalse(after.has("status"));
        assertTrue(plan.undo().contains("undo record keeps the deleted Service"));
        Finding kubernetes = new Finding("KT-ROUTING-003:default/kubernetes", "KT-ROUTING-003",
                io.kubetriage.core.diagnosis.Severity.ERROR, "t", "", List.of(), List.of(Cluster.KUBERNETES), null,
                List.of("routing.recreate-service"));
        assertTrue(new RoutingFixes().plan("routing.recreate-service", kubernetes, input).isEmpty(),
                "the API server owns default/kubernetes");
        assertNull(new RoutingFixes().plan("routing.unknown", f, input).orElse(null));
    }
}
