package io.kubetriage.phase.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubetriage.connector.kube.KubeClientFactory;
import io.kubetriage.connector.kube.fix.ApplyOptions;
import io.kubetriage.connector.kube.fix.ApplyResult;
import io.kubetriage.connector.kube.fix.AuditLog;
import io.kubetriage.connector.kube.fix.DryRunResult;
import io.kubetriage.connector.kube.fix.FixExecutor;
import io.kubetriage.connector.kube.fix.StepOutcome;
import io.kubetriage.connector.kube.fix.UndoRecord;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep.ApiStep;
import io.kubetriage.core.diagnosis.FixStep.Operation;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.store.ObjectJson;
import io.kubetriage.test.support.kube.MockKubeCluster;

/**
 * The routing fixes carried out by the real {@link FixExecutor} against fabric8's Kubernetes mock
 * server in CRUD mode, which keeps the objects and serves GET, POST and DELETE. The CRUD store does
 * not honour {@code ?dryRun=All}, so dry-run requests are answered by expectations with what a real
 * server answers (and the recorded requests show they carried {@code dryRun=All}); a 409 from a
 * DELETE precondition, which the store does not check, is an expectation too. Discovery documents are
 * expectations.
 */
class RoutingFixesMockServerTest {

    private static final String CONTEXT = "mock";
    private static final String KS = "kube-system";
    private static final Duration SHORT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PODS = "/api/v1/namespaces/kube-system/pods";
    private static final String SERVICES = "/api/v1/namespaces/default/services";
    private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1";
    private static final Map<ObjectKey, String> ADDON_COLLECTIONS = Map.of(
            KubeProxyAddon.SERVICE_ACCOUNT, "/api/v1/namespaces/kube-system/serviceaccounts",
            KubeProxyAddon.CLUSTER_ROLE_BINDING, RBAC + "/clusterrolebindings",
            KubeProxyAddon.ROLE, RBAC + "/namespaces/kube-system/roles",
            KubeProxyAddon.ROLE_BINDING, RBAC + "/namespaces/kube-system/rolebindings",
            KubeProxyAddon.CONFIG_MAP, "/api/v1/namespaces/kube-system/configmaps",
            KubeProxyAddon.DAEMON_SET, "/apis/apps/v1/namespaces/kube-system/daemonsets");

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
        server.expect().get().withPath("/api/v1").andReturn(200, """
                {"kind":"APIResourceList","groupVersion":"v1","resources":[
                 {"name":"pods","namespaced":true,"kind":"Pod","verbs":["create","delete","get","list"]},
                 {"name":"services","namespaced":true,"kind":"Service","verbs":["create","delete","get","list"]},
                 {"name":"serviceaccounts","namespaced":true,"kind":"ServiceAccount","verbs":["create","delete","get"]},
                 {"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["create","delete","get","list"]}]}
                """).always();
        server.expect().get().withPath("/apis/apps/v1").andReturn(200, """
                {"kind":"APIResourceList","groupVersion":"apps/v1","resources":[
                 {"name":"daemonsets","namespaced":true,"kind":"DaemonSet","verbs":["create","delete","get","list"]}]}
                """).always();
        server.expect().get().withPath(RBAC).andReturn(200, """
                {"kind":"APIResourceList","groupVersion":"rbac.authorization.k8s.io/v1","resources":[
                 {"name":"clusterrolebindings","namespaced":false,"kind":"ClusterRoleBinding","verbs":["create","delete","get"]},
                 {"name":"roles","namespaced":true,"kind":"Role","verbs":["create","delete","get"]},
                 {"name":"rolebindings","namespaced":true,"kind":"RoleBinding","verbs":["create","delete","get"]}]}
                """).always();
        admin = cluster.admin();
        ctx = cluster.context(cluster.writeKubeconfig(tmp.resolve("kubeconfig.yaml"), CONTEXT), CONTEXT, "default");
        audit = new AuditLog(tmp.resolve("workspace").resolve("audit.jsonl"));
        executor = new FixExecutor(new KubeClientFactory(), SHORT, SHORT, audit);
    }

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    // ------------------------------------------------------------------ restart-kube-proxy

    private DiagnosisInput kubeProxyCluster() {
        admin.apps().daemonSets().inNamespace(KS).resource(new DaemonSetBuilder().withNewMetadata().withName("kube-proxy")
                .withNamespace(KS).endMetadata().withNewSpec().withNewSelector().addToMatchLabels("k8s-app", "kube-proxy")
                .endSelector().endSpec().build()).create();
        for (String[] p : new String[][] {{"kube-proxy-m8d4f", Cluster.WORKER}, {"kube-proxy-7x2lq", Cluster.MASTER}}) {
            admin.pods().inNamespace(KS).resource(new PodBuilder().withNewMetadata().withName(p[0]).withNamespace(KS)
                    .addToLabels("k8s-app", "kube-proxy").endMetadata().withNewSpec().withNodeName(p[1])
                    .addNewContainer().withName("kube-proxy").withImage("k8s.gcr.io/kube-proxy:v1.20.2").endContainer()
                    .endSpec().withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
                    .withStatus("True").endCondition().endStatus().build()).create();
        }
        cluster.clearRequests();
        List<ApiObject> objects = new ArrayList<>();
        objects.add(captured(admin.apps().daemonSets().inNamespace(KS).withName("kube-proxy").get()));
        admin.pods().inNamespace(KS).list().getItems().forEach(p -> objects.add(captured(p)));
        return DiagnosisInput.of(snapshot(objects));
    }

    private static Finding nodeFinding(String code, String node, String fix) {
        return new Finding(Finding.id(code, node), code, Severity.ERROR, "t", "", List.of(), List.of(), null,
                List.of(fix));
    }

    @Test
    void restartKubeProxyDryRunApplyAuditAndUndo() throws Exception {
        DiagnosisInput input = kubeProxyCluster();
        Finding finding = nodeFinding(RoutingCodes.RULES_LOST, Cluster.WORKER, RoutingCodes.FIX_RESTART_KUBE_PROXY);
        FixPlan plan = new RoutingFixes().plan(RoutingCodes.FIX_RESTART_KUBE_PROXY, finding, input).orElseThrow();
        expectDryRun("delete", PODS + "/kube-proxy-m8d4f", 200, json(pod("kube-proxy-m8d4f")));
        expectDryRun("post", PODS, 201, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}");

        DryRunResult dry = executor.dryRun(ctx, plan, new NullProgressMonitor());
        assertTrue(dry.ok(), dry.summary());
        assertEquals(List.of("DELETE " + PODS + "/kube-proxy-m8d4f?dryRun=All"), changes());
        JsonNode options = JSON.readTree(cluster.changes().get(0).body());
        assertEquals(((ApiStep) plan.steps().get(0)).resourceVersion(),
                options.path("preconditions").path("resourceVersion").asText(), "the precondition travels");
        assertNotNull(pod("kube-proxy-m8d4f"), "the dry run changed nothing");

        ApplyResult result = executor.apply(ctx, finding, plan, ApplyOptions.confirmedByUser(), new NullProgressMonitor());
        assertTrue(result.ok(), result.message());
        assertNull(pod("kube-proxy-m8d4f"));
        assertNotNull(pod("kube-proxy-7x2lq"), "only the node's Pod");
        List<AuditLog.Entry> lines = audit.read();
        assertEquals(List.of(AuditLog.DRY_RUN, AuditLog.DRY_RUN, AuditLog.APPLY), lines.stream()
                .map(AuditLog.Entry::event).toList());
        assertEquals(RoutingCodes.FIX_RESTART_KUBE_PROXY, lines.get(2).fixId());
        assertEquals(result.undo().id(), lines.get(2).undoRecordId());

        UndoRecord record = audit.loadUndo(result.undo().id());
        ApiStep recreate = (ApiStep) record.inversePlan().steps().get(0);
        assertEquals(Operation.CREATE, recreate.operation());
        assertFalse(JSON.readTree(recreate.afterJson()).path("metadata").has("uid"));
        ApplyResult undone = executor.undo(ctx, record, ApplyOptions.confirmedByUser(), new NullProgressMonitor());
        assertTrue(undone.ok(), undone.message());
        assertEquals(Cluster.WORKER, pod("kube-proxy-m8d4f").getSpec().getNodeName(), "the Pod is back");
        assertEquals(AuditLog.UNDO, audit.read().get(audit.read().size() - 1).event());
    }

    @Test
    void restartKubeProxyStopsOnAPreconditionConflict() throws Exception {
        DiagnosisInput input = kubeProxyCluster();
        Finding finding = new Finding("KT-ROUTING-005", "KT-ROUTING-005", Severity.ERROR, "t", "", List.of(),
                List.of(), null, List.of(RoutingCodes.FIX_RESTART_KUBE_PROXY));
        FixPlan plan = new RoutingFixes().plan(RoutingCodes.FIX_RESTART_KUBE_PROXY, finding, input).orElseThrow();
        assertEquals(2, plan.steps().size(), "a cluster-wide finding restarts every kube-proxy");
        String first = ((ApiStep) plan.steps().get(0)).target().name();
        String second = ((ApiStep) plan.steps().get(1)).target().name();
        for (String name : List.of(first, second)) {
            expectDryRun("delete", PODS + "/" + name, 200, json(pod(name)));
        }
        server.expect().delete().withPath(PODS + "/" + first).andReturn(409, status(409, "Conflict",
                "Operation cannot be fulfilled on pods \"" + first + "\": the object has been modified; please apply "
                        + "your changes to the latest version and try again")).always();

        ApplyResult result = executor.apply(ctx, finding, plan, ApplyOptions.confirmedByUser(), new NullProgressMonitor());

        assertFalse(result.ok());
        assertEquals(1, result.failedStep());
        assertTrue(result.steps().get(0).conflict());
        assertEquals(StepOutcome.Status.NOT_RUN, result.steps().get(1).status());
        assertTrue(result.message().contains("changed since the preview"), result.message());
        assertNotNull(pod(first));
        assertNotNull(pod(second), "nothing after the conflict ran");
        AuditLog.Entry line = audit.read().get(1);
        assertEquals(AuditLog.APPLY, line.event());
        assertFalse(line.ok());
    }

    // ------------------------------------------------------------------ recreate-service

    private DiagnosisInput serviceCluster() {
        admin.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("nginx")
                .withNamespace("default").addToLabels("app", "nginx").endMetadata().withNewSpec()
                .withClusterIP("10.233.40.7").withClusterIPs("10.233.40.7").withType("ClusterIP")
                .addToSelector("app", "nginx").addNewPort().withName("http").withPort(80).withProtocol("TCP")
                .endPort().endSpec().build()).create();
        cluster.clearRequests();
        return DiagnosisInput.of(snapshot(List.of(captured(service()))));
    }

    @Test
    void recreateServiceDryRunApplyAuditAndUndo() throws Exception {
        DiagnosisInput input = serviceCluster();
        String uid = service().getMetadata().getUid();
        Finding finding = new Finding("KT-ROUTING-001:default/nginx", "KT-ROUTING-001", Severity.ERROR, "t", "",
                List.of(), List.of(Cluster.NGINX), null, List.of(RoutingCodes.FIX_RECREATE_SERVICE));
        FixPlan plan = new RoutingFixes().plan(RoutingCodes.FIX_RECREATE_SERVICE, finding, input).orElseThrow();
        expectDryRun("delete", SERVICES + "/nginx", 200, json(service()));
        expectDryRun("post", SERVICES, 201, json(service()));

        DryRunResult dry = executor.dryRun(ctx, plan, new NullProgressMonitor());
        assertTrue(dry.ok(), dry.summary());
        assertEquals(List.of("DELETE " + SERVICES + "/nginx?dryRun=All", "POST " + SERVICES + "?dryRun=All"), changes());
        assertEquals(uid, service().getMetadata().getUid(), "the dry run changed nothing");

        ApplyResult result = executor.apply(ctx, finding, plan, ApplyOptions.confirmedByUser(), new NullProgressMonitor());
        assertTrue(result.ok(), result.message());
        assertEquals("10.233.40.7", service().getSpec().getClusterIP());
        assertEquals("nginx", service().getSpec().getSelector().get("app"));
        JsonNode posted = JSON.readTree(cluster.changes().stream().filter(s -> !s.dryRun() && s.method().equals("POST"))
                .findFirst().orElseThrow().body());
        assertFalse(posted.path("metadata").has("resourceVersion"));
        assertEquals("10.233.40.7", posted.path("spec").path("clusterIP").asText());
        assertEquals(AuditLog.APPLY, audit.read().get(2).event());

        UndoRecord record = audit.loadUndo(result.undo().id());
        assertEquals(List.of(Operation.DELETE, Operation.CREATE), record.inversePlan().steps().stream()
                .map(s -> ((ApiStep) s).operation()).toList(), "the new one goes, the deleted one comes back");
        ApplyResult undone = executor.undo(ctx, record, ApplyOptions.confirmedByUser(), new NullProgressMonitor());
        assertTrue(undone.ok(), undone.message());
        assertEquals("10.233.40.7", service().getSpec().getClusterIP());
        assertEquals("nginx", service().getMetadata().getLabels().get("app"));
        assertEquals(AuditLog.UNDO, audit.read().get(audit.read().size() - 1).event());
    }

    @Test
    void recreateServiceStopsBeforeTheCreateOnAConflict() throws Exception {
        DiagnosisInput input = serviceCluster();
        Finding finding = new Finding("KT-ROUTING-003:default/nginx", "KT-ROUTING-003", Severity.ERROR, "t", "",
                List.of(), List.of(Cluster.NGINX), null, List.of(RoutingCodes.FIX_RECREATE_SERVICE));
        FixPlan plan = new RoutingFixes().plan(RoutingCodes.FIX_RECREATE_SERVICE, finding, input).orElseThrow();
        expectDryRun("delete", SERVICES + "/nginx", 200, json(service()));
        expectDryRun("post", SERVICES, 201, json(service()));
        server.expect().delete().withPath(SERVICES + "/nginx").andReturn(409, status(409, "Conflict",
                "Operation cannot be fulfilled on services \"nginx\": Precondition failed: UID in precondition")).always();

        ApplyResult result = executor.apply(ctx, finding, plan, ApplyOptions.confirmedByUser(), new NullProgressMonitor());

        assertFalse(result.ok());
        assertEquals(1, result.failedStep());
        assertTrue(result.steps().get(0).conflict());
        assertTrue(result.message().contains("Service default/nginx changed since the preview"), result.message());
        assertTrue(cluster.changes().stream().noneMatch(s -> !s.dryRun() && s.method().equals("POST")),
                "the CREATE was not sent");
        assertNull(result.undo(), "nothing was applied");
        assertNotNull(service());
    }

    // ------------------------------------------------------------------ recreate-kube-proxy-addon

    /** The addon gone from the cluster; the baseline snapshot, from before, still has its ConfigMap. */
    private static DiagnosisInput addonMissing() {
        Cluster c = Cluster.ipvs().withoutNodeData();
        KubeProxyAddon.OBJECTS.forEach(c::remove);
        return new DiagnosisInput(c.snapshot(), Cluster.ipvs().withoutNodeData().snapshot(), null, null);
    }

    @Test
    void recreateAddonCreatesEveryMissingObjectAndUndoDeletesThem() throws Exception {
        DiagnosisInput input = addonMissing();
        Finding finding = Routing.get(Routing.findings(input), "KT-ROUTING-005");
        FixPlan plan = new RoutingFixes().plan(RoutingCodes.FIX_RECREATE_ADDON, finding, input).orElseThrow();
        assertEquals(KubeProxyAddon.OBJECTS, plan.steps().stream().map(s -> ((ApiStep) s).target()).toList());
        ADDON_COLLECTIONS.forEach((key, path) -> expectDryRun("post", path, 201, "{}"));

        DryRunResult dry = executor.dryRun(ctx, plan, new NullProgressMonitor());
        assertTrue(dry.ok(), dry.summary());
        assertEquals(6, cluster.changes().size());
        assertTrue(cluster.changes().stream().allMatch(MockKubeCluster.Request::dryRun));
        assertNull(admin.apps().daemonSets().inNamespace(KS).withName("kube-proxy").get());

        ApplyResult result = executor.apply(ctx, finding, plan, ApplyOptions.confirmedByUser(), new NullProgressMonitor());
        assertTrue(result.ok(), result.message());
        assertEquals("k8s.gcr.io/kube-proxy:v1.20.2", admin.apps().daemonSets().inNamespace(KS).withName("kube-proxy")
                .get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals("system:node-proxier", admin.rbac().clusterRoleBindings().withName("kubeadm:node-proxier").get()
                .getRoleRef().getName());
        assertEquals("kube-proxy", admin.rbac().roles().inNamespace(KS).withName("kube-proxy").get().getRules().get(0)
                .getResourceNames().get(0));
        assertNotNull(admin.rbac().roleBindings().inNamespace(KS).withName("kube-proxy").get());
        assertNotNull(admin.serviceAccounts().inNamespace(KS).withName("kube-proxy").get());
        assertTrue(admin.configMaps().inNamespace(KS).withName("kube-proxy").get().getData().get("config.conf")
                .contains("\nmode: ipvs\n"), "the baseline's mode");
        AuditLog.Entry applied = audit.read().get(2);
        assertEquals(AuditLog.APPLY, applied.event());
        assertTrue(applied.ok());

        UndoRecord record = audit.loadUndo(result.undo().id());
        FixPlan inverse = record.inversePlan();
        assertEquals(6, inverse.steps().size());
        assertEquals(KubeProxyAddon.DAEMON_SET, ((ApiStep) inverse.steps().get(0)).target(), "newest first");
        // the executor URL-encodes names: kubeadm:node-proxier is sent as kubeadm%3Anode-proxier
        ADDON_COLLECTIONS.forEach((key, path) -> expectDryRun("delete", path + "/" + key.name().replace(":", "%3A"),
                200, "{}"));
        // the CRUD store does not decode a percent-encoded name (a real API server does), so the
        // ClusterRoleBinding's GET and DELETE are answered as the server would
        String crb = ADDON_COLLECTIONS.get(KubeProxyAddon.CLUSTER_ROLE_BINDING) + "/kubeadm%3Anode-proxier";
        String crbJson = json(admin.rbac().clusterRoleBindings().withName("kubeadm:node-proxier").get());
        server.expect().get().withPath(crb).andReturn(200, crbJson).always();
        server.expect().delete().withPath(crb).andReturn(200, crbJson).always();
        ApplyResult undone = executor.undo(ctx, record, ApplyOptions.confirmedByUser(), new NullProgressMonitor());
        assertTrue(undone.ok(), undone.message());
        assertNull(admin.apps().daemonSets().inNamespace(KS).withName("kube-proxy").get());
        assertNull(admin.serviceAccounts().inNamespace(KS).withName("kube-proxy").get());
        assertNull(admin.configMaps().inNamespace(KS).withName("kube-proxy").get());
        assertNull(admin.rbac().roles().inNamespace(KS).withName("kube-proxy").get());
        assertTrue(cluster.changes().stream().anyMatch(s -> !s.dryRun() && s.method().equals("DELETE")
                && s.path().equals(crb)), "the ClusterRoleBinding was deleted too");
    }

    @Test
    void recreateAddonStopsWhenAnObjectWasCreatedMeanwhile() throws Exception {
        DiagnosisInput input = addonMissing();
        Finding finding = Routing.get(Routing.findings(input), "KT-ROUTING-005");
        FixPlan plan = new RoutingFixes().plan(RoutingCodes.FIX_RECREATE_ADDON, finding, input).orElseThrow();
        ADDON_COLLECTIONS.forEach((key, path) -> expectDryRun("post", path, 201, "{}"));
        // someone ran kubeadm meanwhile: the ServiceAccount exists, the server answers 409 AlreadyExists
        admin.serviceAccounts().inNamespace(KS).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("kube-proxy").withNamespace(KS).endMetadata().build()).create();
        server.expect().post().withPath(ADDON_COLLECTIONS.get(KubeProxyAddon.SERVICE_ACCOUNT)).andReturn(409,
                status(409, "AlreadyExists", "serviceaccounts \"kube-proxy\" already exists")).always();

        ApplyResult result = executor.apply(ctx, finding, plan, ApplyOptions.confirmedByUser(), new NullProgressMonitor());

        assertFalse(result.ok());
        assertEquals(1, result.failedStep());
        assertEquals(409, result.steps().get(0).code());
        assertTrue(result.steps().subList(1, 6).stream().allMatch(s -> s.status() == StepOutcome.Status.NOT_RUN));
        assertNull(admin.apps().daemonSets().inNamespace(KS).withName("kube-proxy").get(), "nothing after it ran");
        assertFalse(audit.read().get(1).ok());
    }

    // ------------------------------------------------------------------ helpers

    private void expectDryRun(String method, String path, int code, String body) {
        String p = path + "?" + FixExecutor.DRY_RUN_QUERY;
        switch (method) {
            case "delete" -> server.expect().delete().withPath(p).andReturn(code, body).always();
            case "post" -> server.expect().post().withPath(p).andReturn(code, body).always();
            default -> throw new IllegalArgumentException(method);
        }
    }

    private List<String> changes() {
        return cluster.changes().stream().map(s -> s.method() + " " + s.path()).toList();
    }

    private io.fabric8.kubernetes.api.model.Pod pod(String name) {
        return admin.pods().inNamespace(KS).withName(name).get();
    }

    private io.fabric8.kubernetes.api.model.Service service() {
        return admin.services().inNamespace("default").withName("nginx").get();
    }

    private String json(HasMetadata object) {
        return admin.getKubernetesSerialization().asJson(object);
    }

    private ApiObject captured(HasMetadata object) {
        return ObjectJson.fromJson(json(object));
    }

    private static Snapshot snapshot(List<ApiObject> objects) {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        return new Snapshot(new SnapshotManifest(1, "id", "snap", "mock", "https://192.168.10.11:6443", "v1.20.2", t, t,
                "test", true, List.of()), objects, List.of(), Map.of());
    }

    private static io.fabric8.kubernetes.api.model.Status status(int code, String reason, String message) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build();
    }
}
