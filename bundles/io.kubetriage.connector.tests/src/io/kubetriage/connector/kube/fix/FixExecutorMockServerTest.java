package io.kubetriage.connector.kube.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubetriage.connector.kube.KubeClientFactory;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.diagnosis.FixStep.ApiStep;
import io.kubetriage.core.diagnosis.FixStep.Operation;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.test.support.kube.MockKubeCluster;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies fix plans to a cluster simulated by fabric8's Kubernetes mock server, which stands in
 * for a real API server: in CRUD mode it keeps the objects, serves GET, POST, PATCH (JSON and
 * merge patches) and DELETE, and answers a PATCH whose {@code metadata.resourceVersion} is stale
 * with 409 Conflict, as the API server does. The CRUD store does not honour {@code ?dryRun=All}
 * (it would persist the change), so the dry-run requests are answered by expectations with what a
 * real server answers, and the tests check from the recorded requests that every dry-run request
 * carried {@code dryRun=All}. Discovery ({@code /api/v1}) and the answers a CRUD store cannot give
 * (a conflict between the dry run and the apply, a validation error) are expectations too.
 */
class FixExecutorMockServerTest {

    private static final String CONTEXT = "mock";
    private static final String NS = "team-a";
    private static final Duration SHORT = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CM_PATH = "/api/v1/namespaces/" + NS + "/configmaps";
    private static final String SECRET_PATH = "/api/v1/namespaces/" + NS + "/secrets";
    private static final String CORE_RESOURCES = """
            {"kind":"APIResourceList","groupVersion":"v1","resources":[
             {"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["create","delete","get","list","patch"]},
             {"name":"secrets","namespaced":true,"kind":"Secret","verbs":["create","delete","get","list","patch"]},
             {"name":"pods/status","namespaced":true,"kind":"Pod","verbs":["get","patch"]}]}
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
        server.expect().get().withPath("/api/v1").andReturn(200, CORE_RESOURCES).always();
        admin = cluster.admin();
        for (String name : List.of("a", "b", "c")) {
            admin.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                    .withNamespace(NS).addToLabels("app", "web").endMetadata().addToData("mode", "slow-" + name)
                    .build()).create();
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

    // ------------------------------------------------------------------ dry run

    @Test
    void dryRunSendsTheExactRequestsWithDryRunAllAndChangesNothing() throws Exception {
        FixPlan plan = plan(patchMode("a", "fast"), delete("b"), create("d"));
        expectDryRunAnswers("a", "b");

        DryRunResult result = executor.dryRun(ctx, plan, new NullProgressMonitor());

        assertTrue(result.ok(), result::summary);
        assertEquals(3, result.steps().size());
        List<MockKubeCluster.Request> changes = cluster.changes();
        assertEquals(3, changes.size(), changes::toString);
        assertTrue(changes.stream().allMatch(MockKubeCluster.Request::dryRun), "every change is a dry run: " + changes);

        MockKubeCluster.Request patch = changes.get(0);
        assertEquals("PATCH", patch.method());
        assertEquals(CM_PATH + "/a?dryRun=All", patch.path());
        assertEquals(FixExecutor.MERGE_PATCH, patch.contentType());
        JsonNode patchBody = JSON.readTree(patch.body());
        assertEquals("fast", patchBody.path("data").path("mode").asString());
        assertEquals(rv("a"), patchBody.path("metadata").path("resourceVersion").asString(),
                "the precondition travels in the patch");

        MockKubeCluster.Request delete = changes.get(1);
        assertEquals("DELETE", delete.method());
        assertEquals(CM_PATH + "/b?dryRun=All", delete.path());
        JsonNode options = JSON.readTree(delete.body());
        assertEquals("DeleteOptions", options.path("kind").asString());
        assertEquals(rv("b"), options.path("preconditions").path("resourceVersion").asString());

        MockKubeCluster.Request post = changes.get(2);
        assertEquals("POST", post.method());
        assertEquals(CM_PATH + "?dryRun=All", post.path());
        assertEquals("d", JSON.readTree(post.body()).path("metadata").path("name").asString());

        assertEquals("slow-a", configMap("a").getData().get("mode"), "the dry run changed nothing");
        assertNotNull(configMap("b"));
        assertNull(configMap("d"));

        List<AuditLog.Entry> lines = audit.read();
        assertEquals(1, lines.size());
        assertEquals(AuditLog.DRY_RUN, lines.get(0).event());
        assertTrue(lines.get(0).ok());
    }

    @Test
    void aRejectedDryRunStopsTheApplyBeforeAnythingIsChanged() throws Exception {
        FixPlan plan = plan(patchMode("a", "fast"), delete("b"));
        server.expect().patch().withPath(CM_PATH + "/a?" + FixExecutor.DRY_RUN_QUERY)
                .andReturn(422, status(422, "Invalid", "ConfigMap \"a\" is invalid: data.mode: Invalid value"))
                .always();
        server.expect().delete().withPath(CM_PATH + "/b?" + FixExecutor.DRY_RUN_QUERY)
                .andReturn(200, admin.getKubernetesSerialization().asJson(configMap("b"))).always();

        ApplyResult result = executor.apply(ctx, plan, ApplyOptions.confirmedByUser(), new NullProgressMonitor());

        assertFalse(result.ok());
        assertEquals(1, result.failedStep());
        StepOutcome rejected = result.dryRun().steps().get(0);
        assertEquals(StepOutcome.Status.REJECTED, rejected.status());
        assertEquals(422, rejected.code());
        assertTrue(rejected.message().contains("data.mode: Invalid value"), rejected.message());
        assertTrue(result.dryRun().steps().get(1).ok(), "every step is dry-run");
        assertTrue(result.message().startsWith("Nothing was changed."), result.message());
        assertTrue(cluster.changes().stream().allMatch(MockKubeCluster.Request::dryRun), "nothing but dry runs sent");
        assertTrue(result.steps().stream().allMatch(s -> s.status() == StepOutcome.Status.NOT_RUN));
        assertNull(result.undo());
        assertEquals(List.of(AuditLog.DRY_RUN, AuditLog.APPLY), events());
        assertFalse(audit.read().get(1).ok());
    }

    // ------------------------------------------------------------------ apply

    @Test
    void applyWithAMatchingResourceVersionChangesTheObjectAndIsAudited() throws Exception {
        String before = json(configMap("a"));
        String patch = "[{\"op\":\"replace\",\"path\":\"/data/mode\",\"value\":\"fast\"}]";
        ApiStep step = new ApiStep(Operation.PATCH, key("a"), before, before.replace("slow-a", "fast"), patch,
                FixExecutor.JSON_PATCH, rv("a"), "Set mode of a to fast");
        FixPlan plan = plan(step, new FixStep.RunbookStep("node-1", List.of("sudo systemctl restart kubelet"),
                "the kubelet caches it", "kubectl get node node-1", "Restart the kubelet"));
        expectDryRunAnswers("a");

        ApplyResult result = executor.apply(ctx, plan, ApplyOptions.confirmedByUser(), new NullProgressMonitor());

        assertTrue(result.ok(), result.message());
        assertEquals("fast", configMap("a").getData().get("mode"));
        List<MockKubeCluster.Request> applied = cluster.changes().stream().filter(s -> !s.dryRun()).toList();
        assertEquals(1, applied.size());
        assertEquals(CM_PATH + "/a", applied.get(0).path());
        assertEquals(FixExecutor.JSON_PATCH, applied.get(0).contentType());
        JsonNode ops = JSON.readTree(applied.get(0).body());
        assertEquals(2, ops.size());
        assertEquals("add", ops.get(1).path("op").asString());
        assertEquals("/metadata/resourceVersion", ops.get(1).path("path").asString());
        assertEquals(step.resourceVersion(), ops.get(1).path("value").asString());
        int dryIndex = indexOf(s -> s.dryRun() && s.method().equals("PATCH"));
        assertTrue(dryIndex >= 0 && dryIndex < indexOf(s -> !s.dryRun() && s.method().equals("PATCH")),
                "the dry run comes first");
        assertEquals(applied.get(0).body(), cluster.requests().get(dryIndex).body(), "the dry run sends the same body");

        assertEquals(1, result.byHand().size(), "runbook steps are listed, never run");
        assertTrue(result.message().contains("to do by hand"), result.message());
        assertNotNull(result.undo());
        assertEquals("slow-a", JSON.readTree(result.undo().entries().get(0).beforeJson()).path("data").path("mode")
                .asString(), "the object as it was is kept for undo");

        List<String> lines = Files.readAllLines(audit.file());
        assertEquals(2, lines.size());
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            assertTrue(n.path("time").asString().endsWith("Z"), line);
            Instant.parse(n.path("time").asString());
            assertEquals(CONTEXT, n.path("cluster").path("context").asString());
            assertEquals(cluster.url(), n.path("cluster").path("server").asString());
            assertEquals(System.getProperty("user.name"), n.path("user").path("os").asString());
            assertEquals("tester", n.path("user").path("kubeconfig").asString());
            assertEquals("KT-TEST-001", n.path("finding").path("code").asString());
            assertEquals("KT-TEST-001:team-a/a", n.path("finding").path("id").asString());
            assertEquals("test.fix", n.path("fixId").asString());
            assertEquals("PATCH ConfigMap team-a/a", n.path("steps").get(0).asString());
            assertEquals("ok", n.path("result").path("status").asString());
        }
        JsonNode applyLine = JSON.readTree(lines.get(1));
        assertEquals(AuditLog.APPLY, applyLine.path("event").asString());
        assertEquals(result.undo().id(), applyLine.path("undoRecordId").asString());
        assertTrue(Files.exists(audit.undoDirectory().resolve(result.undo().id() + ".json")));
    }

    @Test
    void anObjectChangedSinceThePreviewGets409AndNothingAfterItRuns() throws Exception {
        FixPlan plan = plan(patchMode("a", "fast"), patchMode("b", "fast"), delete("c"));
        expectDryRunAnswers("a", "b", "c");
        // b changes between the dry run and the apply: the server refuses the stale precondition
        server.expect().patch().withPath(CM_PATH + "/b").andReturn(409, status(409, "Conflict",
                "Operation cannot be fulfilled on configmaps \"b\": the object has been modified; please apply "
                        + "your changes to the latest version and try again"))
                .always();

        ApplyResult result = executor.apply(ctx, plan, ApplyOptions.confirmedByUser(), new NullProgressMonitor());

        assertFalse(result.ok());
        assertEquals(2, result.failedStep());
        assertEquals(List.of(StepOutcome.Status.OK, StepOutcome.Status.REJECTED, StepOutcome.Status.NOT_RUN),
                result.steps().stream().map(StepOutcome::status).toList());
        assertTrue(result.steps().get(1).conflict());
        assertTrue(result.message().contains("ConfigMap team-a/b changed since the preview"), result.message());
        assertTrue(result.message().contains("nothing after step 2 ran"), result.message());
        assertTrue(cluster.changes().stream().noneMatch(s -> !s.dryRun() && s.method().equals("DELETE")),
                "the step after the conflict was not sent: " + cluster.changes());
        assertNotNull(configMap("c"));
        assertEquals("fast", configMap("a").getData().get("mode"), "the step before it was applied");
        assertEquals(1, result.undo().entries().size(), "undo covers what was applied");
        AuditLog.Entry line = audit.read().get(1);
        assertEquals(AuditLog.APPLY, line.event());
        assertFalse(line.ok());
        assertTrue(line.reason().contains("409 Conflict"), line.reason());
        assertEquals(result.undo().id(), line.undoRecordId());
    }

    @Test
    void aStaleResourceVersionIsRefusedByTheStore() throws Exception {
        // the CRUD store itself checks metadata.resourceVersion in a patch, as the API server does
        FixPlan plan = plan(patchMode("a", "fast"));
        String staleRv = rv("a");
        admin.configMaps().inNamespace(NS).withName("a").edit(cm -> new ConfigMapBuilder(cm).addToData("other", "x")
                .build());
        expectDryRunAnswers("a");

        ApplyResult result = executor.apply(ctx, plan, ApplyOptions.confirmedByUser(), new NullProgressMonitor());

        assertFalse(result.ok());
        assertEquals(409, result.steps().get(0).code());
        assertTrue(result.message().contains("its resourceVersion is no longer " + staleRv), result.message());
        assertEquals("slow-a", configMap("a").getData().get("mode"));
        assertNull(result.undo());
    }

    @Test
    void aReadOnlyClusterRefusesAndNothingIsSent() throws Exception {
        FixPlan plan = plan(patchMode("a", "fast"));
        int before = server.getRequestCount();
        cluster.clearRequests();

        FixRefusedException e = assertThrows(FixRefusedException.class,
                () -> executor.apply(ctx, plan, new ApplyOptions(true, true), new NullProgressMonitor()));

        assertEquals(FixRefusedException.Reason.READ_ONLY, e.reason());
        assertTrue(e.getMessage().contains("marked read-only: fixes are only previewed"), e.getMessage());
        assertEquals(before, server.getRequestCount(), "nothing sent");
        assertTrue(cluster.requests().isEmpty());
        assertEquals(List.of(AuditLog.REFUSED), events());
    }

    @Test
    void anUnconfirmedFixIsRefusedAndNothingIsSent() throws Exception {
        FixPlan plan = plan(patchMode("a", "fast"));
        cluster.clearRequests();

        FixNotConfirmedException e = assertThrows(FixNotConfirmedException.class,
                () -> executor.apply(ctx, plan, new ApplyOptions(false, false), new NullProgressMonitor()));

        assertEquals(FixRefusedException.Reason.NOT_CONFIRMED, e.reason());
        assertTrue(cluster.requests().isEmpty());
        assertEquals(List.of(AuditLog.REFUSED), events());
        assertTrue(audit.read().get(0).reason().contains("not confirmed"));
    }

    // ------------------------------------------------------------------ undo

    @Test
    void undoRestoresThePreviousState() throws Exception {
        FixPlan plan = plan(patchMode("a", "fast"), delete("b"), create("d"));
        expectDryRunAnswers("a", "b");
        ApplyResult applied = executor.apply(ctx, plan, ApplyOptions.confirmedByUser(), new NullProgressMonitor());
        assertTrue(applied.ok(), applied.message());
        assertEquals("fast", configMap("a").getData().get("mode"));
        assertNull(configMap("b"));
        assertNotNull(configMap("d"));

        UndoRecord record = audit.loadUndo(applied.undo().id());
        assertEquals(applied.undo(), record, "saved and loaded as it was");
        FixPlan inverse = record.inversePlan();
        assertEquals(List.of(Operation.DELETE, Operation.CREATE, Operation.PATCH), inverse.steps().stream()
                .map(s -> ((ApiStep) s).operation()).toList(), "newest first");
        ApiStep recreate = (ApiStep) inverse.steps().get(1);
        JsonNode recreated = JSON.readTree(recreate.afterJson());
        assertFalse(recreated.path("metadata").has("uid"));
        assertFalse(recreated.path("metadata").has("resourceVersion"));
        // what a real server answers the inverse plan's dry run
        server.expect().delete().withPath(CM_PATH + "/d?" + FixExecutor.DRY_RUN_QUERY)
                .andReturn(200, json(configMap("d"))).always();

        ApplyResult undone = executor.undo(ctx, record, ApplyOptions.confirmedByUser(), new NullProgressMonitor());

        assertTrue(undone.ok(), undone.message());
        assertEquals("slow-a", configMap("a").getData().get("mode"));
        ConfigMap b = configMap("b");
        assertNotNull(b, "the deleted object is back");
        assertEquals("slow-b", b.getData().get("mode"));
        assertEquals("web", b.getMetadata().getLabels().get("app"));
        assertNull(configMap("d"), "the created object is gone");
        List<String> events = events();
        assertEquals(AuditLog.UNDO, events.get(events.size() - 1));
        assertEquals(UndoRecord.UNDO_PREFIX + "test.fix", audit.read().get(events.size() - 1).fixId());
    }

    // ------------------------------------------------------------------ secrets

    @Test
    void secretValuesNeverReachTheAuditFile() throws Exception {
        String password = "hunter2-s3cret";
        String encoded = b64(password);
        admin.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("db")
                .withNamespace(NS).endMetadata().addToData("password", b64("old-pa55word")).build()).create();
        String before = json(admin.secrets().inNamespace(NS).withName("db").get());
        String after = before.replace(b64("old-pa55word"), encoded);
        ObjectKey key = new ObjectKey("", "Secret", NS, "db");
        ApiStep step = new ApiStep(Operation.PATCH, key, before, after,
                "{\"data\":{\"password\":\"" + encoded + "\"}}", FixExecutor.MERGE_PATCH,
                JSON.readTree(before).path("metadata").path("resourceVersion").asString(), "Set the password");
        FixPlan plan = new FixPlan("test.secret", "Rotate the password", "KT-TEST-002:team-a/db", List.of(step),
                true, "The password changes.", "Set it back.");
        // a validation error that echoes the value, as some admission webhooks do
        server.expect().patch().withPath(SECRET_PATH + "/db?" + FixExecutor.DRY_RUN_QUERY)
                .andReturn(422, status(422, "Invalid", "Secret \"db\" is invalid: data.password: Invalid value: \""
                        + password + "\" (" + encoded + "): too weak"))
                .always();

        FixPreview preview = executor.preview(ctx, null, plan);
        DryRunResult dry = executor.dryRun(ctx, plan, new NullProgressMonitor());
        ApplyResult result = executor.apply(ctx, plan, ApplyOptions.confirmedByUser(), new NullProgressMonitor());
        assertThrows(FixRefusedException.class,
                () -> executor.apply(ctx, plan, new ApplyOptions(true, true), new NullProgressMonitor()));

        assertFalse(dry.ok());
        assertFalse(result.ok());
        assertFalse(preview.text().contains(encoded), preview.text());
        assertFalse(preview.text().contains(password), preview.text());
        assertTrue(preview.text().contains("+  password: \"<redacted sha256:"), preview.text());
        String file = Files.readString(audit.file());
        assertEquals(List.of(AuditLog.PREVIEW, AuditLog.DRY_RUN, AuditLog.DRY_RUN, AuditLog.APPLY, AuditLog.REFUSED),
                events());
        assertFalse(file.contains(password), file);
        assertFalse(file.contains(encoded), file);
        assertFalse(file.contains("old-pa55word"), file);
        assertFalse(file.contains(b64("old-pa55word")), file);
        assertTrue(file.contains("too weak"), "the rest of the server's message is kept: " + file);
    }

    // ------------------------------------------------------------------ preview

    @Test
    void thePreviewShowsEachChangeAsADiffAndTheRunbookCommands() throws Exception {
        FixPlan plan = plan(patchMode("a", "fast"), delete("b"), new FixStep.RunbookStep("node-1",
                List.of("sudo systemctl restart kubelet"), "why", "check it", "Restart the kubelet"));
        String rvA = rv("a");
        cluster.clearRequests();

        FixPreview preview = FixPreview.of(plan);

        assertTrue(preview.mutatesCluster());
        assertEquals(3, preview.steps().size());
        String text = preview.text();
        assertTrue(text.contains("Step 1 of 3: PATCH ConfigMap team-a/a"), text);
        assertTrue(text.contains("--- ConfigMap team-a/a (now)\n"), text);
        assertTrue(text.contains("+++ ConfigMap team-a/a (after)\n"), text);
        assertTrue(text.contains("\n  -  mode: slow-a\n"), text);
        assertTrue(text.contains("\n  +  mode: fast\n"), text);
        assertTrue(text.contains("only if its resourceVersion is still " + rvA), text);
        assertTrue(text.contains("+++ /dev/null"), "a DELETE removes every line: " + text);
        assertTrue(text.contains("Step 3 of 3: by hand on node-1"), text);
        assertTrue(text.contains("$ sudo systemctl restart kubelet"), text);
        assertTrue(preview.confirmation().contains("2 changes"), preview.confirmation());
        assertTrue(preview.confirmation().contains("1 step is yours to do by hand"), preview.confirmation());
        assertTrue(cluster.requests().isEmpty(), "a preview sends nothing");

        assertEquals("--- x\n+++ y\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n",
                FixPreview.unifiedDiff("x", "y", List.of("a", "b", "c"), List.of("a", "B", "c")));
        assertEquals("(no change)\n", FixPreview.unifiedDiff("x", "y", List.of("a"), List.of("a")));
    }

    // ------------------------------------------------------------------ helpers

    private static FixPlan plan(FixStep... steps) {
        return new FixPlan("test.fix", "Test fix", "KT-TEST-001:team-a/a", List.of(steps), true,
                "ConfigMaps in team-a will change.", "Undo with the undo record.");
    }

    private ApiStep patchMode(String name, String mode) throws Exception {
        String before = json(configMap(name));
        String after = before.replace("slow-" + name, mode);
        return new ApiStep(Operation.PATCH, key(name), before, after, "{\"data\":{\"mode\":\"" + mode + "\"}}",
                FixExecutor.MERGE_PATCH, rv(name), "Set mode of " + name + " to " + mode);
    }

    private ApiStep delete(String name) throws Exception {
        return new ApiStep(Operation.DELETE, key(name), json(configMap(name)), null, null, null, rv(name),
                "Delete " + name);
    }

    private static ApiStep create(String name) {
        String after = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + NS + "\"},\"data\":{\"mode\":\"new\"}}";
        return new ApiStep(Operation.CREATE, key(name), null, after, null, null, null, "Create " + name);
    }

    /**
     * The answers of a real API server to the dry runs of the plans here: the object as it would be
     * (PATCH, DELETE of these ConfigMaps) and the object as it would be created (POST).
     */
    private void expectDryRunAnswers(String... names) throws Exception {
        for (String name : names) {
            String current = json(configMap(name));
            server.expect().patch().withPath(CM_PATH + "/" + name + "?" + FixExecutor.DRY_RUN_QUERY)
                    .andReturn(200, current).always();
            server.expect().delete().withPath(CM_PATH + "/" + name + "?" + FixExecutor.DRY_RUN_QUERY)
                    .andReturn(200, current).always();
        }
        server.expect().post().withPath(CM_PATH + "?" + FixExecutor.DRY_RUN_QUERY)
                .andReturn(201, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"}").always();
    }

    private ConfigMap configMap(String name) {
        return admin.configMaps().inNamespace(NS).withName(name).get();
    }

    private String rv(String name) {
        return configMap(name).getMetadata().getResourceVersion();
    }

    private String json(HasMetadata object) {
        return admin.getKubernetesSerialization().asJson(object);
    }

    private static ObjectKey key(String name) {
        return new ObjectKey("", "ConfigMap", NS, name);
    }

    private List<String> events() throws IOException {
        return audit.read().stream().map(AuditLog.Entry::event).toList();
    }

    private int indexOf(java.util.function.Predicate<MockKubeCluster.Request> p) {
        List<MockKubeCluster.Request> sent = new ArrayList<>(cluster.requests());
        for (int i = 0; i < sent.size(); i++) {
            if (p.test(sent.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static io.fabric8.kubernetes.api.model.Status status(int code, String reason, String message) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message)
                .build();
    }
}
