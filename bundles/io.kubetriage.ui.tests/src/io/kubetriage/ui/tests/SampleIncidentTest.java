package io.kubetriage.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.test.support.ui.UiWait;
import io.kubetriage.test.support.ui.Widgets;
import io.kubetriage.ui.internal.etcd.EtcdIds;
import io.kubetriage.ui.internal.etcd.EtcdRevisionsView;
import io.kubetriage.ui.internal.findings.DiagnosisRun;
import io.kubetriage.ui.internal.findings.FindingsIds;
import io.kubetriage.ui.internal.findings.FindingsView;
import io.kubetriage.ui.internal.findings.QuickFixDialog;
import io.kubetriage.ui.internal.nodes.CniConfigEditor;
import io.kubetriage.ui.internal.nodes.CniEditorInput;
import io.kubetriage.ui.internal.nodes.NodeIds;
import io.kubetriage.ui.internal.nodes.NodeNetworkingView;
import io.kubetriage.ui.internal.sample.BuiltInSample;
import io.kubetriage.ui.internal.sample.FirstStartSample;
import io.kubetriage.ui.internal.sample.SampleIds;
import io.kubetriage.ui.internal.sample.SampleImport;
import io.kubetriage.ui.internal.sample.SampleIncidentOpener;
import io.kubetriage.ui.internal.snapshots.ClusterSnapshots;
import io.kubetriage.ui.internal.snapshots.SnapshotCompareInput;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;
import io.kubetriage.ui.internal.snapshots.SnapshotLibrary;

/**
 * The built-in sample incident in the running workbench: opened by the first-start check when no
 * kubeconfig names a context (the test run's {@code KUBECONFIG} names a file that does not exist,
 * and the automatic check at start-up is turned off so that it can be run here), and from Help →
 * Open Sample Incident. The workspace is shared with the other UI tests: what the test imports is
 * deleted again, the views it opened are closed and the "shown" flag is reset.
 */
class SampleIncidentTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private Display display;
    private IWorkbenchWindow window;
    private IWorkbenchPage page;
    private SnapshotLibrary library;
    private BuiltInSample sample;
    private Set<String> sampleIds;
    private QuickFixDialog dialog;

    @BeforeEach
    void setUp() throws Exception {
        display = PlatformUI.getWorkbench().getDisplay();
        window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        page = window.getActivePage();
        library = SnapshotLibrary.getDefault();
        sample = BuiltInSample.load();
        sampleIds = Set.of(sample.before().manifest().id(), sample.after().manifest().id());
        library.refreshNow();
        assertTrue(sampleEntries().isEmpty(), "the sample is not in the library before the test: " + sampleEntries());
        FirstStartSample.resetShown();
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (dialog != null && dialog.getShell() != null && !dialog.getShell().isDisposed()) {
            dialog.close();
        }
        waitForJobs();
        page.closeAllEditors(false);
        for (String id : List.of(FindingsIds.VIEW_ID, NodeIds.VIEW_ID, EtcdIds.VIEW_ID)) {
            IViewPart view = page.findView(id);
            if (view != null) {
                page.hideView(view);
            }
        }
        waitForJobs();
        library.refreshNow();
        for (SnapshotEntry entry : sampleEntries()) {
            library.delete(entry);
        }
        FirstStartSample.resetShown();
        UiWait.until(display, "the library's jobs to end", WAIT,
                () -> Job.getJobManager().find(SnapshotLibrary.JOB_FAMILY).length == 0);
        UiWait.settle(display);
    }

    @Test
    void opensOnAFirstStartWithoutClustersWithFindingsCompareEtcdAndNodes() throws Exception {
        assertEquals(0, FirstStartSample.contextCount(FirstStartSample.kubeconfigFiles()),
                "the test run has no kubeconfig context: " + FirstStartSample.kubeconfigFiles());
        assertFalse(FirstStartSample.shownBefore());

        // what the workbench does after its window opened
        SampleIncidentOpener.Opened previous = SampleIncidentOpener.lastOpened();
        AtomicReference<FirstStartSample.Decision> decision = new AtomicReference<>();
        FirstStartSample.check(PlatformUI.getWorkbench(), decision::set);
        UiWait.until(display, "the first-start check", WAIT, () -> decision.get() != null);
        assertEquals(FirstStartSample.Decision.OPENED, decision.get());

        SampleIncidentOpener.Opened opened = waitUntilOpened(previous);
        assertTrue(opened.firstStart());
        assertEquals(2, opened.imported().added(), "both snapshots added");
        assertTrue(FirstStartSample.shownBefore(), "the workspace remembers the sample was shown");

        SnapshotEntry before = opened.imported().before();
        SnapshotEntry after = opened.imported().after();
        assertEquals(sample.before().manifest().id(), before.manifest().id());
        assertEquals(sample.after().manifest().id(), after.manifest().id());

        // ------------------------------------------------------------ Findings: AFTER against BEFORE, root first
        FindingsView findings = (FindingsView) page.findView(FindingsIds.VIEW_ID);
        assertNotNull(findings, "the Findings view is open");
        DiagnosisRun run = waitForDiagnosis(findings, after);
        assertEquals(before, run.baseline(), "the snapshot before the restore is the baseline");
        assertFalse(run.findings().isEmpty(), "the sample has findings");
        assertEquals("KT-ROLLBACK-001", run.findings().get(0).code(), "the root cause comes first: " + codes(run));
        Tree tree = (Tree) Widgets.find(display, FindingsIds.TREE);
        TreeItem firstRoot = firstRoot(tree, after.clusterName());
        assertNotNull(firstRoot, dump(tree));
        assertEquals("KT-ROLLBACK-001", firstRoot.getText(0), "first row of the tree: " + dump(tree));
        List<String> codes = run.findings().stream().map(f -> f.code()).toList();
        assertTrue(codes.indexOf("KT-ROUTING-006") > 0 && codes.indexOf("KT-CNI-001") > codes.indexOf("KT-ROUTING-006"),
                "all three phases, root first: " + codes);
        TreeItem phase = firstRoot.getParentItem().getParentItem();
        assertTrue(phase.getText(1).contains("ROUTING") && phase.getText(1).contains("CNI"),
                "the restore's group says its chain reaches the routing and CNI phases: " + phase.getText(1));
        String status = ((Label) Widgets.find(display, FindingsIds.STATUS)).getText();
        assertTrue(status.contains(SampleIds.FIRST_START_MESSAGE), status);

        // ------------------------------------------------------------ compare editor BEFORE ↔ AFTER
        List<SnapshotCompareInput> compares = compareEditors(before, after);
        assertEquals(1, compares.size(), "one compare editor on the sample's snapshots");

        // ------------------------------------------------------------ Node Networking on master-1, and its CNI config
        NodeNetworkingView nodes = (NodeNetworkingView) page.findView(NodeIds.VIEW_ID);
        assertNotNull(nodes, "the Node Networking view is open");
        assertEquals(after.file(), nodes.snapshotFile());
        UiWait.until(display, "the CNI editor of " + SampleIds.NODE, WAIT, () -> cniEditor() != null,
                () -> "node shown: " + nodes.selectedNode());
        assertEquals(SampleIds.NODE, nodes.selectedNode());
        CniConfigEditor cni = cniEditor();
        assertEquals(SampleIds.NODE, ((CniEditorInput) cni.getEditorInput()).node());
        assertEquals(SampleIds.CNI_FILE, cni.shownFile());

        // ------------------------------------------------------------ etcd keys of AFTER, when the sample holds them
        if (sample.after().section(EtcdSectionCodec.SUMMARY).isPresent()) {
            EtcdRevisionsView etcd = (EtcdRevisionsView) page.findView(EtcdIds.VIEW_ID);
            assertNotNull(etcd, "the etcd Revisions view is open");
            Label source = (Label) Widgets.find(display, EtcdIds.SOURCE);
            UiWait.until(display, "the sample's etcd keys", WAIT,
                    () -> source.getText().contains(" keys under /registry/"), source::getText);
            assertTrue(source.getText().contains(after.name()), source.getText());
        }

        // a second start does not open it again
        AtomicReference<FirstStartSample.Decision> again = new AtomicReference<>();
        FirstStartSample.check(PlatformUI.getWorkbench(), again::set);
        UiWait.until(display, "the second check", WAIT, () -> again.get() != null);
        assertEquals(FirstStartSample.Decision.SHOWN_BEFORE, again.get());
    }

    @Test
    void helpOpenSampleIncidentTwiceImportsOnceAndTheQuickFixSaysItIsTheSample() throws Exception {
        MenuItem item = helpMenuItem("Sample Incident");
        assertNotNull(item, "Help has Open Sample Incident");
        assertTrue(item.getText().contains("&"), "with a mnemonic: " + item.getText());

        IHandlerService handlers = window.getService(IHandlerService.class);
        SampleIncidentOpener.Opened previous = SampleIncidentOpener.lastOpened();
        handlers.executeCommand(SampleIds.OPEN_COMMAND, null);
        SampleIncidentOpener.Opened first = waitUntilOpened(previous);
        assertFalse(first.firstStart());
        assertEquals(2, first.imported().added());
        handlers.executeCommand(SampleIds.OPEN_COMMAND, null);
        SampleIncidentOpener.Opened second = waitUntilOpened(first);
        assertEquals(0, second.imported().added(), "the second time imports nothing");
        assertEquals(first.imported().before(), second.imported().before());
        assertEquals(first.imported().after(), second.imported().after());

        library.refreshNow();
        assertEquals(2, sampleEntries().size(), "two sample snapshots in the library: " + sampleEntries());
        assertEquals(1, compareEditors(second.imported().before(), second.imported().after()).size(),
                "the compare editor is not opened twice");
        UiWait.until(display, "the CNI editor of " + SampleIds.NODE, WAIT, () -> cniEditor() != null);
        assertEquals(1, page.getEditorReferences().length - compareEditors(second.imported().before(),
                second.imported().after()).size(), "one CNI editor besides the compare editor");

        // ------------------------------------------------------------ the quick fix previews and says why not
        FindingsView findings = (FindingsView) page.findView(FindingsIds.VIEW_ID);
        DiagnosisRun run = waitForDiagnosis(findings, second.imported().after());
        String status = ((Label) Widgets.find(display, FindingsIds.STATUS)).getText();
        assertTrue(status.contains(SampleIds.OPENED_MESSAGE), status);
        Finding withFix = run.findings().stream().filter(f -> !f.fixIds().isEmpty()).findFirst().orElse(null);
        assertNotNull(withFix, "a finding of the sample offers a quick fix: " + codes(run));
        assertTrue(findings.select(withFix.id()), withFix.id());
        dialog = findings.openQuickFix(false);
        assertNotNull(dialog);
        assertTrue(dialog.isSample());
        assertFalse(dialog.plans().isEmpty(), "the fix is planned from the sample: " + withFix.id());
        String note = ((Label) Widgets.find(dialog.getShell(), FindingsIds.QUICK_FIX_APPLY_NOTE)).getText();
        assertTrue(note.contains("built-in sample") && note.contains("live cluster"), note);
        assertFalse(((Button) Widgets.find(dialog.getShell(), FindingsIds.QUICK_FIX_APPLY)).isEnabled(),
                "Apply is disabled");
        assertEquals(null, dialog.apply(), "Apply does nothing on the sample");
    }

    @Test
    void aUserWithContextsIsNotOfferedTheSample() throws IOException {
        Path withContext = tmp.resolve("config");
        Files.writeString(withContext, """
                apiVersion: v1
                kind: Config
                current-context: prod
                clusters:
                - name: prod
                  cluster:
                    server: https://10.0.0.1:6443
                users:
                - name: admin
                  user:
                    token: t
                contexts:
                - name: prod
                  context:
                    cluster: prod
                    user: admin
                """);
        Path empty = tmp.resolve("empty");
        Files.writeString(empty, "apiVersion: v1\nkind: Config\n");
        assertEquals(1, FirstStartSample.contextCount(List.of(withContext)));
        assertEquals(0, FirstStartSample.contextCount(List.of(empty, tmp.resolve("missing"))));
        assertEquals(FirstStartSample.Decision.HAS_CLUSTERS, FirstStartSample.decide(false, 1));
        assertEquals(FirstStartSample.Decision.SHOWN_BEFORE, FirstStartSample.decide(true, 0));
        assertEquals(FirstStartSample.Decision.OPENED, FirstStartSample.decide(false, 0));
    }

    // ---------------------------------------------------------------- helpers

    /** Waits until the sample was opened again, after {@code previous}. */
    private SampleIncidentOpener.Opened waitUntilOpened(SampleIncidentOpener.Opened previous) {
        UiWait.until(display, "the sample incident to open", WAIT,
                () -> Job.getJobManager().find(SampleIds.JOB_FAMILY).length == 0
                        && SampleIncidentOpener.lastOpened() != null && SampleIncidentOpener.lastOpened() != previous);
        UiWait.settle(display);
        return SampleIncidentOpener.lastOpened();
    }

    private DiagnosisRun waitForDiagnosis(FindingsView view, SnapshotEntry after) {
        UiWait.until(display, "the diagnosis of the sample", WAIT,
                () -> !view.isDiagnosing() && view.runs().stream().anyMatch(r -> r.snapshot().equals(after)),
                () -> ((Label) Widgets.find(display, FindingsIds.STATUS)).getText());
        return view.runs().stream().filter(r -> r.snapshot().equals(after)).findFirst().orElseThrow();
    }

    private List<SnapshotEntry> sampleEntries() {
        List<SnapshotEntry> found = new ArrayList<>();
        for (ClusterSnapshots cluster : library.clusters()) {
            cluster.snapshots().stream().filter(e -> e.isReadable() && sampleIds.contains(e.manifest().id()))
                    .forEach(found::add);
        }
        return found;
    }

    private List<SnapshotCompareInput> compareEditors(SnapshotEntry before, SnapshotEntry after)
            throws PartInitException {
        List<SnapshotCompareInput> found = new ArrayList<>();
        for (IEditorReference ref : page.getEditorReferences()) {
            if (ref.getEditorInput() instanceof SnapshotCompareInput input
                    && input.beforeEntry().file().equals(before.file())
                    && input.afterEntry().file().equals(after.file())) {
                found.add(input);
            }
        }
        return found;
    }

    private CniConfigEditor cniEditor() {
        for (IEditorReference ref : page.getEditorReferences()) {
            IEditorPart editor = ref.getEditor(false);
            if (editor instanceof CniConfigEditor cni) {
                return cni;
            }
        }
        return null;
    }

    /** The cluster's first finding row: cluster → phase → severity → finding. */
    private static TreeItem firstRoot(Tree tree, String cluster) {
        TreeItem item = null;
        for (TreeItem c : tree.getItems()) {
            if (c.getText(0).startsWith(cluster + " (")) {
                item = c;
            }
        }
        for (int depth = 0; depth < 3 && item != null; depth++) {
            item = item.getItemCount() == 0 ? null : item.getItem(0);
        }
        return item;
    }

    private MenuItem helpMenuItem(String containing) {
        Menu bar = window.getShell().getMenuBar();
        for (MenuItem top : bar.getItems()) {
            if (top.getText().replace("&", "").equals("Help") && top.getMenu() != null) {
                Menu help = top.getMenu();
                // menus are filled when they are about to show
                help.notifyListeners(SWT.Show, new Event());
                MenuItem found = null;
                for (MenuItem item : help.getItems()) {
                    if (item.getText().replace("&", "").contains(containing)) {
                        found = item;
                    }
                }
                help.notifyListeners(SWT.Hide, new Event());
                return found;
            }
        }
        return null;
    }

    private void waitForJobs() {
        UiWait.until(display, "the sample's, findings', node and etcd jobs to end", WAIT,
                () -> Job.getJobManager().find(SampleIds.JOB_FAMILY).length == 0
                        && Job.getJobManager().find(FindingsIds.JOB_FAMILY).length == 0
                        && Job.getJobManager().find(NodeIds.JOB_FAMILY).length == 0
                        && Job.getJobManager().find(EtcdIds.JOB_FAMILY).length == 0);
    }

    private static String codes(DiagnosisRun run) {
        return run.findings().stream().map(Finding::code).toList().toString();
    }

    private static String dump(Tree tree) {
        StringBuilder s = new StringBuilder("\n");
        for (TreeItem item : tree.getItems()) {
            dump(item, 0, s);
        }
        return s.toString();
    }

    private static void dump(TreeItem item, int depth, StringBuilder s) {
        s.append("  ".repeat(depth)).append(item.getText(0)).append(" | ").append(item.getText(1)).append('\n');
        for (TreeItem child : item.getItems()) {
            dump(child, depth + 1, s);
        }
    }
}
