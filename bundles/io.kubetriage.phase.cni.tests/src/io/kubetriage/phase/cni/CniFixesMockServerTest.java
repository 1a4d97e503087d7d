package io.kubetriage.phase.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubetriage.connector.kube.KubeClientFactory;
import io.kubetriage.connector.kube.fix.ApplyOptions;
import io.kubetriage.connector.kube.fix.ApplyResult;
import io.kubetriage.connector.kube.fix.AuditLog;
import io.kubetriage.connector.kube.fix.DryRunResult;
import io.kubetriage.connector.kube.fix.FixExecutor;
import io.kubetriage.connector.kube.fix.UndoRecord;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.test.support.kube.MockKubeCluster;

/**
 * The CNI fixes carried out by the real {@link FixExecutor} against fabric8's Kubernetes mock
 * server in CRUD mode, which keeps the calico-node DaemonSet and Pods, applies JSON patches and
 * answers a stale resourceVersion with 409 Conflict. The CRUD store does not honour
 * {@code ?dryRun=All}, so dry-run requests are answered by expectations with what a real server
 * answers; the tests check that every dry-run request carried {@code dryRun=All}.
 */
class CniFixesMockServerTest {

    private static final String CONTEXT = "mock";
    private static final String NS = "kube-system";
    private static final Duration SHORT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DS_PATH = "/apis/apps/v1/namespaces/" + NS + "/daemonsets/calico-node";
    private static final String POD_PATH = "/api/v1/namespaces/" + NS + "/pods/calico-node-node-2";
    private static final String APPS_RESOURCES = """
            {"kind":"APIResourceList","groupVersion":"apps/v1","resources":[
             {"name":"daemonsets","namespaced":true,"kind":"DaemonSet","verbs":["get","list","patch"]}]}
            """;
    private static final String CORE_RESOURCES = """
            {"kind":"APIResourceList","groupVersion":"v1","resources":[
             {"name":"pods","namespaced":true,"kind":"Pod","verbs":["delete","get","list"]}]}
            """;

    @TempDir
    Path tmp;

    private KubernetesMockServer server;
    private MockKubeCluster cluster;
    private NamespacedKubernetesClient admin;
    private KubeContext ctx;
    private AuditLog audit;
    private FixExecutor executor;

    @BeforeEach
    void startCluster() throws IOException {
        cluster = MockKubeCluster.start();
        server = cluster.server();
        server.expect().get().withPath("/apis/apps/v1").andReturn(200, APPS_RESOURCES).always();
        server.expect().get().withPath("/api/v1").andReturn(200, CORE_RESOURCES).always();
        admin = cluster.admin();
        var json = admin.getKubernetesSerialization();
        admin.apps().daemonSets().inNamespace(NS).resource(json.unmarshal(
                CniCluster.daemonSetJson(null, true, "RollingUpdate").replace("\"resourceVersion\":\"500\",", ""),
                DaemonSet.class)).create();
        for (String node : List.of("node-1", "node-2")) {
            Pod pod = json.unmarshal(CniCluster.calicoPod(node, node.equals("node-1")).json(), Pod.class);
            pod.getMetadata().setResourceVersion(null);
            admin.pods().inNamespace(NS).resource(pod).create();
        }
        cluster.clearRequests();
        ctx = cluster.context(cluster.writeKubeconfig(tmp.resolve("kubeconfig.yaml"), CONTEXT), CONTEXT, NS);
        audit = new AuditLog(tmp.resolve("workspace").resolve("audit.jsonl"));
        executor = new FixExecutor(new KubeClientFactory(), SHORT, SHORT, audit);
    }

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A snapshot of the mock cluster as it is now, with node-2's lost IPVS rules. */
    private DiagnosisInput capture() {
        var json = admin.getKubernetesSerialization();
        CniCluster c = CniCluster.withApiServer()
                .add(CniCluster.obj(json.asJson(admin.apps().daemonSets().inNamespace(NS).withName("calico-node").get())));
        for (Pod p : admin.pods().inNamespace(NS).list().getItems()) {
            c.add(CniCluster.obj(json.asJson(p)));
        }
        return c.node("node-2", "ipvsadm-Ln-lost.txt", CniCluster.calicoFiles("calico-kubeconfig")).input();
    }

    private static Finding unreachable(DiagnosisInput input) {
        List<Finding> found = new ApiServerUnreachableDetector().detect(input);
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    private void expectDryRunAnswers() throws Exception {
        var json = admin.getKubernetesSerialization();
        server.expect().patch().withPath(DS_PATH + "?" + FixExecutor.DRY_RUN_QUERY)
                .andReturn(200, json.asJson(daemonSet())).always();
        server.expect().delete().withPath(POD_PATH + "?" + FixExecutor.DRY_RUN_QUERY)
                .andReturn(200, json.asJson(admin.pods().inNamespace(NS).withName("calico-node-node-2").get())).always();
    }

    @Test
    void theDryRunSendsTheJsonPatchWithDryRunAllAndChangesNothing() throws Exception {
        DiagnosisInput input = capture();
        Finding f = unreachable(input);
        FixPlan plan = new CniFixes().plan(CniCodes.FIX_SET_API_SERVER_ENDPOINT, f, input).orElseThrow();
        expectDryRunAnswers();
        String rv = daemonSet().getMetadata().getResourceVersion();

        DryRunResult result = executor.dryRun(ctx, plan, new NullProgressMonitor());

        assertTrue(result.ok(), result::summary);
        List<MockKubeCluster.Request> changes = cluster.changes();
        assertEquals(1, changes.size(), changes::toString);
        MockKubeCluster.Request patch = changes.get(0);
        assertEquals("PATCH", patch.method());
        assertEquals(DS_PATH + "?dryRun=All", patch.path());
        assertEquals(FixExecutor.JSON_PATCH, patch.contentType());
        JsonNode ops = JSON.readTree(patch.body());
        assertEquals("/spec/template/spec/containers/0/env", ops.get(0).path("path").asText());
        JsonNode last = ops.get(ops.size() - 1);
        assertEquals("/metadata/resourceVersion", last.path("path").asText());
        assertEquals(rv, last.path("value").asText(), "the precondition travels in the patch");
        assertNull(env(daemonSet(), "calico-node", "KUBERNETES_SERVICE_HOST"), "the dry run changed nothing");
        List<AuditLog.Entry> lines = audit.read();
        assertEquals(List.of(AuditLog.DRY_RUN), lines.stream().map(AuditLog.Entry::event).toList());
        assertTrue(lines.get(0).ok());
    }

    @Test
    void applySetsTheEnvIsAuditedAndUndoRestoresTheOldEnv() throws Exception {
        DiagnosisInput input = capture();
        Finding f = unreachable(input);
        FixPlan plan = new CniFixes().plan(CniCodes.FIX_SET_API_SERVER_ENDPOINT, f, input).orElseThrow();
        expectDryRunAnswers();

        ApplyResult applied = executor.apply(ctx, f, plan, ApplyOptions.confirmedByUser(), new NullProgressMonitor());

        assertTrue(applied.ok(), applied.message());
        DaemonSet ds = daemonSet();
        assertEquals(CniCluster.APISERVER, env(ds, "calico-node", "KUBERNETES_SERVICE_HOST"));
        assertEquals(Integer.toString(CniCluster.APISERVER_PORT), env(ds, "calico-node", "KUBERNETES_SERVICE_PORT"));
        assertEquals(CniCluster.APISERVER, env(ds, "install-cni", "KUBERNETES_SERVICE_HOST"));
        assertEquals("10-calico.conflist", env(ds, "install-cni", "CNI_CONF_NAME"));
        assertTrue(cluster.changes().stream().filter(s -> s.method().equals("PATCH")).findFirst().orElseThrow()
                .dryRun(), "the dry run comes first");

        List<AuditLog.Entry> lines = audit.read();
        assertEquals(List.of(AuditLog.DRY_RUN, AuditLog.APPLY), lines.stream().map(AuditLog.Entry::event).toList());
        AuditLog.Entry apply = lines.get(1);
        assertTrue(apply.ok());
        assertEquals("KT-CNI-001", apply.findingCode());
        assertEquals("KT-CNI-001:node-2", apply.findingId());
        assertEquals(CniCodes.FIX_SET_API_SERVER_ENDPOINT, apply.fixId());
        assertNotNull(applied.undo());
        assertEquals(applied.undo().id(), apply.undoRecordId());

        UndoRecord record = audit.loadUndo(applied.undo().id());
        JsonNode before = JSON.readTree(record.entries().get(0).beforeJson());
        assertTrue(before.at("/spec/template/spec/containers/0/env").isMissingNode(),
                "the undo record keeps the DaemonSet as it was: " + before);

        server.expect().patch().withPath(DS_PATH + "?" + FixExecutor.DRY_RUN_QUERY)
                .andReturn(200, admin.getKubernetesSerialization().asJson(ds)).always();
        ApplyResult undone = executor.undo(ctx, record, ApplyOptions.confirmedByUser(), new NullProgressMonitor());

        assertTrue(undone.ok(), undone.message());
        DaemonSet restored = daemonSet();
        assertNull(env(restored, "calico-node", "KUBERNETES_SERVICE_HOST"));
        assertNull(env(restored, "calico-node", "KUBERNETES_SERVICE_PORT"));
        assertNull(env(restored, "install-cni", "KUBERNETES_SERVICE_HOST"));
        assertEquals("10-calico.conflist", env(restored, "install-cni", "CNI_CONF_NAME"));
        List<String> events = audit.read().stream().map(AuditLog.Entry::event).toList();
        assertEquals(AuditLog.UNDO, events.get(events.size() - 1));
    }

    @Test
    void aDaemonSetChangedSinceTheCaptureIsRefusedWith409() throws Exception {
        DiagnosisInput input = capture();
        Finding f = unreachable(input);
        FixPlan plan = new CniFixes().plan(CniCodes.FIX_SET_API_SERVER_ENDPOINT, f, input).orElseThrow();
        String staleRv = daemonSet().getMetadata().getResourceVersion();
        admin.apps().daemonSets().inNamespace(NS).withName("calico-node").edit(d -> {
            d.getMetadata().getLabels().put("changed", "yes");
            return d;
        });
        expectDryRunAnswers();

        ApplyResult result = executor.apply(ctx, f, plan, ApplyOptions.confirmedByUser(), new NullProgressMonitor());

        assertFalse(result.ok(), result.message());
        assertEquals(409, result.steps().get(0).code());
        assertTrue(result.message().contains("its resourceVersion is no longer " + staleRv), result.message());
        assertNull(env(daemonSet(), "calico-node", "KUBERNETES_SERVICE_HOST"));
        assertNull(result.undo());
        AuditLog.Entry line = audit.read().get(1);
        assertEquals(AuditLog.APPLY, line.event());
        assertFalse(line.ok());
    }

    @Test
    void restartDeletesTheCalicoNodePodOfTheNode() throws Exception {
        DiagnosisInput input = capture();
        Finding f = unreachable(input);
        FixPlan plan = new CniFixes().plan(CniCodes.FIX_RESTART_CALICO_NODE, f, input).orElseThrow();
        expectDryRunAnswers();

        ApplyResult result = executor.apply(ctx, f, plan, ApplyOptions.confirmedByUser(), new NullProgressMonitor());

        assertTrue(result.ok(), result.message());
        assertNull(admin.pods().inNamespace(NS).withName("calico-node-node-2").get());
        assertNotNull(admin.pods().inNamespace(NS).withName("calico-node-node-1").get(), "other nodes are left alone");
        MockKubeCluster.Request delete = cluster.changes().stream().filter(s -> !s.dryRun()).findFirst().orElseThrow();
        assertEquals("DELETE", delete.method());
        assertEquals(POD_PATH, delete.path());
        assertEquals(input.snapshot().object(new io.kubetriage.core.snapshot.ObjectKey("", "Pod", NS,
                "calico-node-node-2")).orElseThrow().resourceVersion(),
                JSON.readTree(delete.body()).at("/preconditions/resourceVersion").asText());
    }

    // ------------------------------------------------------------------ helpers

    private DaemonSet daemonSet() {
        return admin.apps().daemonSets().inNamespace(NS).withName("calico-node").get();
    }

    /** The value of an env variable of a container or init container of the DaemonSet, or null. */
    private static String env(DaemonSet ds, String container, String name) {
        List<Container> all = new java.util.ArrayList<>(ds.getSpec().getTemplate().getSpec().getContainers());
        all.addAll(ds.getSpec().getTemplate().getSpec().getInitContainers());
        for (Container c : all) {
            if (c.getName().equals(container) && c.getEnv() != null) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getName().equals(name)) {
                        return e.getValue();
                    }
                }
            }
        }
        return null;
    }
}
