package io.kubetriage.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.test.support.kube.MockKubeCluster;
import io.kubetriage.test.support.ui.UiWait;
import io.kubetriage.ui.internal.findings.QuickFixRunner;

/**
 * The Quick Fix dialog's Apply path ({@link QuickFixRunner}, which the dialog's Apply button
 * starts) in the running workbench, against fabric8's Kubernetes mock server in <b>CRUD mode</b>
 * standing in for the API server ({@link MockConfigMapCluster}: it keeps the ConfigMap, answers a
 * stale resourceVersion with 409, and dry-run PATCHes as a real server would); every request is
 * recorded. The confirmation is answered by the test instead of a blocking dialog.
 */
class QuickFixApplyTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CONTEXT = MockConfigMapCluster.CONTEXT;
    private static final String NS = MockConfigMapCluster.NS;
    private static final String DRY_RUN = MockConfigMapCluster.DRY_RUN;
    private static final String CONFIRMATION = MockConfigMapCluster.CONFIRMATION;

    @TempDir
    Path tmp;

    private Display display;
    private MockConfigMapCluster cluster;
    private MockKubeCluster kube;
    private KubeContext ctx;
    private Path auditFile;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final AtomicReference<QuickFixRunner.Outcome> outcome = new AtomicReference<>();

    @BeforeEach
    void startCluster() throws IOException {
        display = PlatformUI.getWorkbench().getDisplay();
        cluster = new MockConfigMapCluster(tmp);
        kube = cluster.kube;
        ctx = cluster.ctx;
        auditFile = tmp.resolve("state").resolve("audit").resolve("audit.jsonl");
    }

    @AfterEach
    void stopCluster() {
        Job.getJobManager().cancel(QuickFixRunner.JOB_FAMILY);
        UiWait.until(display, "the quick fix jobs to end", WAIT,
                () -> Job.getJobManager().find(QuickFixRunner.JOB_FAMILY).length == 0);
        if (cluster != null) {
            cluster.close();
        }
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
        List<MockKubeCluster.Request> patches = kube.requests().stream().filter(s -> s.method().equals("PATCH")).toList();
        assertFalse(patches.isEmpty(), kube.requests().toString());
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
        List<MockKubeCluster.Request> changes = kube.changes();
        assertTrue(changes.stream().allMatch(s -> s.path().contains(DRY_RUN)), "only dry runs: " + changes);
        // the refusal is recorded, and no apply
        assertTrue(report.contains("Apply refused: Cluster '" + CONTEXT + "' is marked read-only"), report);
        List<String> audit = Files.readAllLines(auditFile, StandardCharsets.UTF_8);
        assertTrue(audit.stream().noneMatch(l -> l.contains("\"event\":\"apply\"")), String.join("\n", audit));
        assertTrue(audit.stream().anyMatch(l -> l.contains("\"event\":\"refused\"") && l.contains("read-only")
                && l.contains("\"fixId\":\"test.quick-fix\"")), String.join("\n", audit));
    }

    @Test
    void notConfirmedSendsNoChange() throws Exception {
        QuickFixRunner runner = runner(new ClusterDescriptor(ctx, null, false), false);

        runner.start();
        UiWait.until(display, "the run to stop", WAIT, () -> outcome.get() != null, () -> String.join("\n", lines));

        assertEquals(QuickFixRunner.Outcome.NOT_CONFIRMED, outcome.get(), String.join("\n", lines));
        assertEquals(1, asked.size());
        assertEquals("slow", configMap().getData().get("mode"));
        assertTrue(kube.changes().stream().allMatch(s -> s.path().contains(DRY_RUN)),
                kube.changes().toString());
    }

    @Test
    void applyIsOfferedOnlyForAUsableContextAndAPlanWithApiSteps() throws Exception {
        FixPlan plan = plan();
        kube.clearRequests();
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
        assertTrue(kube.requests().isEmpty(), "deciding sends nothing");
    }

    // ------------------------------------------------------------------ helpers

    private QuickFixRunner runner(ClusterDescriptor target, boolean answer) {
        return cluster.runner(display, target.readOnly(), auditFile, (shell, title, message) -> {
            asked.add(message);
            return answer;
        }, lines, outcome);
    }

    private FixPlan plan() {
        return cluster.plan();
    }

    private ConfigMap configMap() {
        return cluster.configMap();
    }
}
