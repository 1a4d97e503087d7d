package io.kubetriage.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.test.support.kube.MockKubeCluster;
import io.kubetriage.test.support.ui.UiWait;
import io.kubetriage.test.support.ui.Widgets;
import io.kubetriage.ui.internal.audit.FixHistoryIds;
import io.kubetriage.ui.internal.audit.FixHistoryView;
import io.kubetriage.ui.internal.audit.HistoryRow;
import io.kubetriage.ui.internal.findings.QuickFixRunner;

/**
 * The Fix History view in the running workbench, against fabric8's Kubernetes mock server in CRUD
 * mode ({@link MockConfigMapCluster}): a fix applied the way the Quick Fix dialog applies it shows
 * up in the view, newest first, and is undone from the view's Undo… button — what it will do shown,
 * the server's dry run first, the confirmation answered by the test, the ConfigMap restored through
 * the API and an {@code undo} line in the audit log. A cluster marked read-only refuses the undo. A
 * damaged line of the audit log is listed as such.
 */
class FixHistoryMockServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private Display display;
    private IWorkbenchPage page;
    private MockConfigMapCluster cluster;
    private Path auditFile;
    private FixHistoryView view;

    private final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        display = PlatformUI.getWorkbench().getDisplay();
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        cluster = new MockConfigMapCluster(tmp);
        auditFile = tmp.resolve("state").resolve("audit").resolve("audit.jsonl");
        view = (FixHistoryView) page.showView(FixHistoryIds.VIEW_ID);
        Job reading = view.showAuditFile(auditFile);
        UiWait.until(display, "the empty audit log read", WAIT,
                () -> reading.getResult() != null && Job.getJobManager().find(FixHistoryIds.JOB_FAMILY).length == 0);
        assertTrue(view.rows().isEmpty(), "no fix yet: " + view.rows());
        FixHistoryView.setConfirmation((shell, title, message) -> {
            asked.add(message);
            return true;
        });
    }

    @AfterEach
    void tearDown() {
        FixHistoryView.setConfirmation(null);
        FixHistoryView.setClusterLookup(null);
        Job.getJobManager().cancel(QuickFixRunner.JOB_FAMILY);
        UiWait.until(display, "the fix and history jobs to end", WAIT,
                () -> Job.getJobManager().find(QuickFixRunner.JOB_FAMILY).length == 0
                        && Job.getJobManager().find(FixHistoryIds.JOB_FAMILY).length == 0);
        page.closeAllEditors(false);
        IViewPart shown = page.findView(FixHistoryIds.VIEW_ID);
        if (shown != null) {
            page.hideView(shown);
        }
        if (cluster != null) {
            cluster.close();
        }
        UiWait.settle(display);
    }

    @Test
    void anAppliedFixIsListedAndUndoneFromTheViewAfterADryRunAndAConfirmation() throws Exception {
        applyFix();
        assertEquals("fast", cluster.configMap().getData().get("mode"));

        // the view read the audit log again when the fix was recorded: the apply first, then its dry run
        HistoryRow applied = view.rows().get(0);
        assertEquals("apply", applied.action(), rows());
        assertTrue(applied.undoable(), rows());
        assertEquals("ok", applied.entry().result());
        assertEquals(MockConfigMapCluster.CONTEXT, applied.entry().context());
        assertEquals(MockConfigMapCluster.FIX_ID, applied.entry().fixId());
        assertTrue(view.rows().stream().anyMatch(r -> r.action().equals("dry run")), rows());
        Table table = (Table) Widgets.find(display, FixHistoryIds.TABLE);
        assertEquals(view.rows().size(), table.getItemCount());
        assertEquals("apply", table.getItem(0).getText(5));
        assertEquals("KT-TEST-001:team-a/settings", table.getItem(0).getText(3));

        // the details: the steps, the server's answer and exactly what the undo will do
        view.select(applied);
        String details = view.detailsText();
        assertTrue(details.contains("PATCH ConfigMap team-a/settings"), details);
        assertTrue(details.contains("Applied all 1 API steps"), details);
        assertTrue(details.contains("-  mode: fast") && details.contains("+  mode: slow"),
                "the undo as a diff of the ConfigMap: " + details);

        // without a context of that name nothing is sent
        FixHistoryView.setClusterLookup(name -> null);
        view.select(null);
        view.select(applied);
        Button undo = (Button) Widgets.find(display, FixHistoryIds.UNDO);
        assertFalse(undo.isEnabled(), "no cluster: Undo is disabled");
        assertNotNull(view.whyNotUndoable());
        assertTrue(view.whyNotUndoable().contains("No kubeconfig context named 'mock'"), view.whyNotUndoable());

        FixHistoryView.setClusterLookup(name -> name.equals(cluster.ctx.name())
                ? new ClusterDescriptor(cluster.ctx, null, false) : null);
        view.select(null);
        view.select(applied);
        assertNull(view.whyNotUndoable());
        assertTrue(undo.isEnabled());
        int patchesBefore = cluster.kube.requests().size();
        undo.notifyListeners(SWT.Selection, new Event());
        QuickFixRunner runner = view.runner();
        assertNotNull(runner);
        assertTrue(runner.isUndo());
        UiWait.until(display, "the undo", WAIT, () -> runner.outcome() != null, view::undoReport);

        String report = view.undoReport();
        assertEquals(QuickFixRunner.Outcome.APPLIED, runner.outcome(), report);
        assertEquals("slow", cluster.configMap().getData().get("mode"), "the ConfigMap is back: " + report);
        assertEquals(1, asked.size(), "asked once: " + asked);
        assertTrue(asked.get(0).contains("Undo " + MockConfigMapCluster.FIX_ID), asked.get(0));
        assertTrue(report.contains("Dry run ok"), report);
        assertTrue(report.contains("Undid all 1 API steps"), report);
        // the undo's dry run went out before its real PATCH
        List<MockKubeCluster.Request> undoPatches = cluster.kube.requests()
                .subList(patchesBefore, cluster.kube.requests().size()).stream()
                .filter(s -> s.method().equals("PATCH")).toList();
        assertFalse(undoPatches.isEmpty(), cluster.kube.requests().toString());
        assertTrue(undoPatches.get(0).path().contains(MockConfigMapCluster.DRY_RUN), undoPatches.toString());
        assertTrue(undoPatches.stream().anyMatch(p -> !p.path().contains(MockConfigMapCluster.DRY_RUN)),
                undoPatches.toString());

        List<String> audit = Files.readAllLines(auditFile, StandardCharsets.UTF_8);
        assertTrue(audit.stream().anyMatch(l -> l.contains("\"event\":\"undo\"") && l.contains("\"status\":\"ok\"")
                && l.contains("\"fixId\":\"undo:" + MockConfigMapCluster.FIX_ID + "\"")), String.join("\n", audit));
        UiWait.until(display, "the undo listed first", WAIT,
                () -> !view.rows().isEmpty() && view.rows().get(0).action().equals("undo"), this::rows);

        // a damaged line is listed as such, the others still are
        Files.writeString(auditFile, "{not json\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        int before = view.rows().size();
        view.refresh();
        UiWait.until(display, "the damaged line listed", WAIT, () -> view.rows().size() == before + 1, this::rows);
        HistoryRow damaged = view.rows().get(0);
        assertTrue(damaged.malformed(), rows());
        assertEquals("{not json", damaged.text());
        assertEquals("malformed line", table.getItem(0).getText(5));
        view.select(damaged);
        assertTrue(view.detailsText().contains("not an audit entry"), view.detailsText());
        assertFalse(undo.isEnabled());
    }

    @Test
    void aReadOnlyClusterRefusesTheUndoAfterTheDryRun() throws Exception {
        applyFix();
        HistoryRow applied = view.rows().get(0);
        assertTrue(applied.undoable(), rows());
        FixHistoryView.setClusterLookup(name -> new ClusterDescriptor(cluster.ctx, null, true));
        view.select(applied);
        int realPatches = cluster.realPatches().size();

        QuickFixRunner runner = view.undoSelected();
        assertNotNull(runner, view.undoReport());
        UiWait.until(display, "the undo to stop", WAIT, () -> runner.outcome() != null, view::undoReport);

        String report = view.undoReport();
        assertEquals(QuickFixRunner.Outcome.READ_ONLY, runner.outcome(), report);
        assertTrue(report.contains(QuickFixRunner.READ_ONLY_MESSAGE), report);
        assertTrue(report.contains("Undo refused"), report);
        assertTrue(asked.isEmpty(), "no confirmation is asked: " + asked);
        assertEquals("fast", cluster.configMap().getData().get("mode"), "the fix stays");
        assertEquals(realPatches, cluster.realPatches().size(), "only dry runs were sent: " + cluster.kube.requests());
        List<String> audit = Files.readAllLines(auditFile, StandardCharsets.UTF_8);
        assertTrue(audit.stream().noneMatch(l -> l.contains("\"event\":\"undo\"")), String.join("\n", audit));
        assertTrue(audit.stream().anyMatch(l -> l.contains("\"event\":\"refused\"") && l.contains("read-only")
                && l.contains("undo:" + MockConfigMapCluster.FIX_ID)), String.join("\n", audit));
        UiWait.until(display, "the refusal listed first", WAIT,
                () -> !view.rows().isEmpty() && view.rows().get(0).action().equals("refusal"), this::rows);
    }

    /** Applies the fix as the Quick Fix dialog does, into the audit log the view shows, and waits until it is listed. */
    private void applyFix() {
        AtomicReference<QuickFixRunner.Outcome> outcome = new AtomicReference<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        QuickFixRunner runner = cluster.runner(display, false, auditFile, (shell, title, message) -> true, lines,
                outcome);
        runner.start();
        UiWait.until(display, "the fix applied", WAIT, () -> outcome.get() != null, () -> String.join("\n", lines));
        assertEquals(QuickFixRunner.Outcome.APPLIED, outcome.get(), String.join("\n", lines));
        UiWait.until(display, "the fix listed in the Fix History view", WAIT,
                () -> !view.rows().isEmpty() && view.rows().get(0).action().equals("apply"), this::rows);
    }

    private String rows() {
        List<String> out = new ArrayList<>();
        for (HistoryRow r : view.rows()) {
            out.add(r.line() + " " + r.action() + (r.entry() == null ? " " + r.problem() : " " + r.entry().result()));
        }
        return String.join("; ", out);
    }
}
