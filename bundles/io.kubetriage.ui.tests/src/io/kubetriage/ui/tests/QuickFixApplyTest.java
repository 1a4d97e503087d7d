package io.kubetriage.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.diagnosis.FixStep.ApiStep;
import io.kubetriage.core.diagnosis.FixStep.Operation;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.test.support.ui.UiWait;
import io.kubetriage.ui.internal.findings.QuickFixRunner;

/**
 * The Quick Fix dialog's Apply path ({@link QuickFixRunner}, which the dialog's Apply button
 * starts) in the running workbench, against fabric8's Kubernetes mock server in <b>CRUD mode</b>
 * standing in for the API server: it keeps the ConfigMap, serves GET and PATCH, and answers a stale
 * resourceVersion with 409. The CRUD store does not honour {@code ?dryRun=All} (it would persist
 * the change), so the dry-run PATCH is answered by an expectation with what a real server answers,
 * and so is discovery ({@code /api/v1}); every request is recorded. The confirmation is answered
 * by the test instead of a blocking dialog.
 */
class QuickFixApplyTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LOOPBACK = "127.0.0.1";
    private static final String CONTEXT = "mock";
    private static final String NS = "team-a";
    private static final String NAME = "settings";
    private static final String CM_PATH = "/api/v1/namespaces/" + NS + "/configmaps";
    private static final String DRY_RUN = "dryRun=All";
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String CONFIRMATION = "ConfigMap team-a/settings will get mode=fast.";
    private static final String CORE_RESOURCES = """
            {"kind":"APIResourceList","groupVersion":"v1","resources":[
             {"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["create","delete","get","list","patch"]}]}
            """;

    @TempDir
    Path tmp;

    private Display display;
    private KubernetesMockServer server;
    private Recording recording;
    private NamespacedKubernetesClient admin;
    private KubeContext ctx;
    private Path auditFile;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final AtomicReference<QuickFixRunner.Outcome> outcome = new AtomicReference<>();

    /** Keeps every request (method and path) before the mock server answers it. */
    static final class Recording extends KubernetesMixedDispatcher {

        record Sent(String method, String path) {
        }

        final List<Sent> sent = new CopyOnWriteArrayList<>();

        Recording(Map<ServerRequest, Queue<ServerResponse>> responses) {
            super(responses);
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            sent.add(new Sent(request.getMethod(), request.getPath()));
            return super.dispatch(request);
        }

        /** The requests that would change something, were they not dry runs. */
        List<Sent> changes() {
            return sent.stream().filter(s -> !s.method().equals("GET")).toList();
        }
    }

    @BeforeEach
    void startCluster() throws IOException {
        display = PlatformUI.getWorkbench().getDisplay();
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        recording = new Recording(responses);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, recording, false);
        server.init(InetAddress.getByName(LOOPBACK), 0);
        server.expect().get().withPath("/api/v1").andReturn(200, CORE_RESOURCES).always();
        admin = server.createClient(new JdkHttpClientFactory());
        admin.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(NAME)
                .withNamespace(NS).endMetadata().addToData("mode", "slow").build()).create();
        // what a real server answers a dry-run PATCH: the object as it would be, nothing persisted
        String after = json(configMap()).replace("\"slow\"", "\"fast\"");
        server.expect().patch().withPath(CM_PATH + "/" + NAME + "?" + DRY_RUN).andReturn(200, after).always();
        recording.sent.clear();
        ctx = new KubeContext(CONTEXT, "mock-cluster", "http://" + LOOPBACK + ":" + server.getPort(), "tester", NS,
                writeKubeconfig(), null);
        auditFile = tmp.resolve("state").resolve("audit").resolve("audit.jsonl");
    }

    @AfterEach
    void stopCluster() {
        Job.getJobManager().cancel(QuickFixRunner.JOB_FAMILY);
        UiWait.until(display, "the quick fix jobs to end", WAIT,
                () -> Job.getJobManager().find(QuickFixRunner.JOB_FAMILY).length == 0);
        if (admin != null) {
            admin.close();
        }
        server.destroy();
    }

    @Test
    void dryRunThenConfirmationThenApplyChangesTheConfigMapAndWritesTheAudit() throws Exception {
        QuickFixRunner runner = runner(new ClusterDescriptor(ctx, null, false), true);

        runner.start();
        UiWait.until(display, "the fix to be applied", WAIT, () -> outcome.get() != null, () -> String.join("\n", lines));

        String report = String.join("\n", lines);
        assertEquals(QuickFixRunner.Outcome.APPLIED, outcome.get(), report);
        assertEquals("fast", configMap().getData().get("mode"), "the ConfigMap changed: " + report);
        assertEquals(1, asked.size(), "asked once: " + asked);
        assertTrue(asked.get(0).contains(CONFIRMATION), asked.get(0));
        assertTrue(report.contains("Dry run ok"), report);
        assertTrue(report.contains("step 1 PATCH ConfigMap team-a/settings: ok"), report);
        assertTrue(report.contains("1 API step applied."), report);
        assertTrue(report.matches("(?s).*Undo record: [0-9a-f-]{36}.*"), report);

        // the dry run came first, then the real PATCH
        List<Recording.Sent> patches = recording.sent.stream().filter(s -> s.method().equals("PATCH")).toList();
        assertFalse(patches.isEmpty(), recording.sent.toString());
        assertTrue(patches.get(0).path().contains(DRY_RUN), patches.toString());
        assertTrue(patches.stream().anyMatch(p -> !p.path().contains(DRY_RUN)), patches.toString());

        assertTrue(Files.exists(auditFile), "the audit log " + auditFile);
        List<String> audit = Files.readAllLines(auditFile, StandardCharsets.UTF_8);
        assertTrue(audit.stream().anyMatch(l -> l.contains("\"event\":\"apply\"") && l.contains("\"status\":\"ok\"")
                && l.contains("\"fixId\":\"test.quick-fix\"") && l.contains("\"context\":\"" + CONTEXT + "\"")),
                String.join("\n", audit));
        assertTrue(audit.stream().anyMatch(l -> l.contains("\"event\":\"dry-run\"")), String.join("\n", audit));
    }

    @Test
    void aReadOnlyClusterOnlyPreviewsAndSendsNoChange() throws Exception {
        QuickFixRunner runner = runner(new ClusterDescriptor(ctx, null, true), true);

        runner.start();
        UiWait.until(display, "the run to stop", WAIT, () -> outcome.get() != null, () -> String.join("\n", lines));

        String report = String.join("\n", lines);
        assertEquals(QuickFixRunner.Outcome.READ_ONLY, outcome.get(), report);
        assertTrue(report.toLowerCase(java.util.Locale.ROOT)
                .contains("the cluster is marked read-only: fixes only preview"), report);
        assertTrue(asked.isEmpty(), "no confirmation is asked: " + asked);
        assertEquals("slow", configMap().getData().get("mode"), "the ConfigMap did not change");
        // only the server-side dry run went out: no request that changes anything
        List<Recording.Sent> changes = recording.changes();
        assertTrue(changes.stream().allMatch(s -> s.path().contains(DRY_RUN)), "only dry runs: " + changes);
        if (Files.exists(auditFile)) {
            List<String> audit = Files.readAllLines(auditFile, StandardCharsets.UTF_8);
            assertTrue(audit.stream().noneMatch(l -> l.contains("\"event\":\"apply\"")), String.join("\n", audit));
        }
    }

    @Test
    void notConfirmedSendsNoChange() throws Exception {
        QuickFixRunner runner = runner(new ClusterDescriptor(ctx, null, false), false);

        runner.start();
        UiWait.until(display, "the run to stop", WAIT, () -> outcome.get() != null, () -> String.join("\n", lines));

        assertEquals(QuickFixRunner.Outcome.NOT_CONFIRMED, outcome.get(), String.join("\n", lines));
        assertEquals(1, asked.size());
        assertEquals("slow", configMap().getData().get("mode"));
        assertTrue(recording.changes().stream().allMatch(s -> s.path().contains(DRY_RUN)),
                recording.changes().toString());
    }

    @Test
    void applyIsOfferedOnlyForAUsableContextAndAPlanWithApiSteps() throws Exception {
        FixPlan plan = plan();
        recording.sent.clear();
        ClusterDescriptor usable = new ClusterDescriptor(ctx, null, false);
        assertNull(QuickFixRunner.whyNotApplicable(CONTEXT, usable, plan));
        String missing = QuickFixRunner.whyNotApplicable(CONTEXT, null, plan);
        assertNotNull(missing);
        assertTrue(missing.contains("live, connected cluster"), missing);
        KubeContext broken = new KubeContext(CONTEXT, null, null, null, NS, ctx.sourceFile(), "no cluster named x");
        String unusable = QuickFixRunner.whyNotApplicable(CONTEXT, new ClusterDescriptor(broken, null, false), plan);
        assertNotNull(unusable);
        assertTrue(unusable.contains("no cluster named x"), unusable);
        FixPlan runbook = new FixPlan("test.runbook", "Restart", "KT-TEST-001:team-a/settings",
                List.of(new FixStep.RunbookStep("node-1", List.of("sudo systemctl restart kubelet"), "why", "check",
                        "Restart the kubelet")),
                false, "", "");
        assertNotNull(QuickFixRunner.whyNotApplicable(CONTEXT, usable, runbook));
        assertTrue(recording.sent.isEmpty(), "deciding sends nothing");
    }

    // ------------------------------------------------------------------ helpers

    private QuickFixRunner runner(ClusterDescriptor cluster, boolean answer) throws Exception {
        return new QuickFixRunner(display, () -> null, cluster, null, plan(), auditFile, (shell, title, message) -> {
            asked.add(message);
            return answer;
        }, new QuickFixRunner.Listener() {
            @Override
            public void line(String text) {
                lines.add(text);
            }

            @Override
            public void finished(QuickFixRunner.Outcome end) {
                outcome.set(end);
            }
        });
    }

    /** One PATCH step on the ConfigMap, as a diagnosis would plan it. */
    private FixPlan plan() {
        ConfigMap now = configMap();
        String before = json(now);
        String after = before.replace("\"slow\"", "\"fast\"");
        ApiStep step = new ApiStep(Operation.PATCH, new ObjectKey("", "ConfigMap", NS, NAME), before, after,
                "{\"data\":{\"mode\":\"fast\"}}", MERGE_PATCH, now.getMetadata().getResourceVersion(),
                "Set mode of team-a/settings to fast");
        return new FixPlan("test.quick-fix", "Make settings fast", "KT-TEST-001:team-a/settings", List.of(step), true,
                CONFIRMATION, "Patch mode back to slow with the undo record.");
    }

    private ConfigMap configMap() {
        return admin.configMaps().inNamespace(NS).withName(NAME).get();
    }

    private String json(ConfigMap object) {
        return admin.getKubernetesSerialization().asJson(object);
    }

    private Path writeKubeconfig() throws IOException {
        Path file = tmp.resolve("kubeconfig.yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: %s
                clusters:
                - name: mock-cluster
                  cluster:
                    server: http://%s:%d
                contexts:
                - name: %s
                  context:
                    cluster: mock-cluster
                    user: tester
                users:
                - name: tester
                  user:
                    token: t0ken
                """.formatted(CONTEXT, LOOPBACK, server.getPort(), CONTEXT), StandardCharsets.UTF_8);
        return file.toAbsolutePath().normalize();
    }
}
