package io.kubetriage.ui.internal.sample;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.WorkbenchException;

import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.ui.internal.KubetriageUiPlugin;
import io.kubetriage.ui.internal.TriagePerspective;
import io.kubetriage.ui.internal.etcd.EtcdIds;
import io.kubetriage.ui.internal.etcd.EtcdRevisionsView;
import io.kubetriage.ui.internal.findings.DiagnoseHandler;
import io.kubetriage.ui.internal.findings.FindingsIds;
import io.kubetriage.ui.internal.findings.FindingsView;
import io.kubetriage.ui.internal.nodes.CniConfigEditor;
import io.kubetriage.ui.internal.nodes.NodeIds;
import io.kubetriage.ui.internal.nodes.NodeNetworkingView;
import io.kubetriage.ui.internal.snapshots.CompareSnapshots;
import io.kubetriage.ui.internal.snapshots.SnapshotCompareInput;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;
import io.kubetriage.ui.internal.snapshots.SnapshotLibrary;

/**
 * Opens the built-in sample incident: in a job, reads the sample and adds its two snapshots to the
 * library (once, see {@link SampleImport}); then, in the Triage perspective, the Findings view with
 * the diagnosis of the snapshot after the restore against the one before, the compare editor
 * before ↔ after, the etcd Revisions view on the etcd keys after the restore, the Node Networking
 * view on node master-1 and the CNI Config editor of its Calico configuration.
 */
public final class SampleIncidentOpener {

    /**
     * What was opened, for the UI tests.
     *
     * @param imported  the sample's snapshots in the library
     * @param firstStart whether the workbench opened it by itself
     */
    public record Opened(SampleImport.Result imported, boolean firstStart) {
    }

    private static final AtomicReference<Opened> LAST = new AtomicReference<>();

    private SampleIncidentOpener() {
    }

    /** The sample last opened in this session; null before. */
    public static Opened lastOpened() {
        return LAST.get();
    }

    /**
     * Reads and imports the sample in a job with progress, then opens it in the window.
     *
     * @param firstStart whether the workbench opens it by itself (no cluster is configured); the
     *                   messages say so
     * @return the job, scheduled
     */
    public static Job open(IWorkbenchWindow window, boolean firstStart) {
        Display display = window.getShell().getDisplay();
        SnapshotLibrary library = SnapshotLibrary.getDefault();
        Job job = new Job("Opening the sample incident") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                SubMonitor progress = SubMonitor.convert(monitor, getName(), 4);
                try {
                    progress.subTask("Reading the built-in sample");
                    BuiltInSample sample = BuiltInSample.load();
                    progress.split(1);
                    SampleImport.Result imported = SampleImport.into(library, sample, progress.split(2));
                    FirstStartSample.markShown();
                    boolean hasEtcd = sample.after().section(EtcdSectionCodec.SUMMARY).isPresent();
                    progress.split(1);
                    later(display, () -> show(window, imported, firstStart, hasEtcd));
                    return Status.OK_STATUS;
                } catch (OperationCanceledException e) {
                    return Status.CANCEL_STATUS;
                } catch (BuiltInSample.SampleException e) {
                    KubetriageUiPlugin.logError(e.getMessage(), e.getCause());
                    later(display, () -> error(window, e.getMessage()));
                } catch (IOException e) {
                    KubetriageUiPlugin.logError("Could not add the sample incident to the snapshot library", e);
                    later(display, () -> error(window, "The sample incident could not be added to the snapshot library ("
                            + library.root() + "): " + (e.getMessage() == null ? e.getClass().getSimpleName()
                                    : e.getMessage())));
                }
                return Status.OK_STATUS;
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == SampleIds.JOB_FAMILY;
            }
        };
        // one at a time with the library's listings and changes: two imports cannot both miss the sample
        job.setRule(library.rule());
        job.setUser(!firstStart);
        job.schedule();
        return job;
    }

    private static void error(IWorkbenchWindow window, String message) {
        if (window.getShell() != null && !window.getShell().isDisposed()) {
            MessageDialog.openError(window.getShell(), SampleIds.ERROR_TITLE, message);
        }
    }

    /** Lays the sample out in the window (in the UI thread). */
    private static void show(IWorkbenchWindow window, SampleImport.Result imported, boolean firstStart,
            boolean hasEtcd) {
        if (window.getShell() == null || window.getShell().isDisposed()) {
            return;
        }
        String message = firstStart ? SampleIds.FIRST_START_MESSAGE : SampleIds.OPENED_MESSAGE;
        SnapshotEntry before = imported.before();
        SnapshotEntry after = imported.after();
        try {
            IWorkbenchPage page = window.getWorkbench().showPerspective(TriagePerspective.ID, window);
            if (hasEtcd) {
                EtcdRevisionsView etcd = (EtcdRevisionsView) page.showView(EtcdIds.VIEW_ID);
                etcd.showSnapshot(after.file(), after.name(), after.clusterName());
            }
            NodeNetworkingView nodes = (NodeNetworkingView) page.showView(NodeIds.VIEW_ID);
            Job nodesRead = nodes.show(after.file());
            SnapshotCompareInput compare = openCompare(page, before, after);
            DiagnoseHandler.diagnose(page, List.of(before, after));
            FindingsView findings = (FindingsView) page.showView(FindingsIds.VIEW_ID);
            findings.setNote(after.clusterName(), message);
            findings.getViewSite().getActionBars().getStatusLineManager().setMessage(message);
            whenDone(nodesRead, () -> openNode(page, nodes, after, compare));
            LAST.set(new Opened(imported, firstStart));
        } catch (WorkbenchException e) {
            KubetriageUiPlugin.logError("Could not open the sample incident", e);
            error(window, "The sample incident could not be shown: " + e.getMessage());
        }
    }

    /**
     * Runs the action in the UI thread once the job is done: after the view's own update, which the
     * job queued before it ended. The job may be done already (the compare editor's progress ran the
     * event loop meanwhile).
     */
    private static void whenDone(Job job, Runnable action) {
        Display display = PlatformUI.getWorkbench().getDisplay();
        AtomicBoolean ran = new AtomicBoolean();
        Runnable once = () -> {
            if (ran.compareAndSet(false, true)) {
                action.run();
            }
        };
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                later(display, once);
            }
        });
        if (job.getState() == Job.NONE) {
            later(display, once);
        }
    }

    /** The Node Networking view on master-1, and its CNI configuration in the editor. */
    private static void openNode(IWorkbenchPage page, NodeNetworkingView nodes,
            SnapshotEntry after, SnapshotCompareInput compare) {
        if (page.getWorkbenchWindow().getShell().isDisposed() || !after.file().equals(nodes.snapshotFile())
                || nodes.nodeSnapshot() == null) {
            return; // the view shows something else by now, or could not read the snapshot (it says why)
        }
        try {
            if (nodes.nodeSnapshot().nodeNames().contains(SampleIds.NODE)) {
                nodes.selectNode(SampleIds.NODE);
            }
            CniConfigEditor cni = nodes.openCniConfig(page);
            if (cni != null && cni.shownFile() != null && !SampleIds.CNI_FILE.equals(cni.shownFile())) {
                cni.showFile(SampleIds.CNI_FILE, 0);
            }
        } catch (PartInitException e) {
            KubetriageUiPlugin.logError("Could not open the CNI configuration of the sample", e);
        }
        // the story starts with the findings and the compare editor
        IEditorPart compareEditor = findCompareEditor(page, compare.beforeEntry(), compare.afterEntry());
        if (compareEditor != null) {
            page.bringToTop(compareEditor);
        }
        if (page.findView(FindingsIds.VIEW_ID) instanceof FindingsView findings) {
            page.activate(findings);
        }
    }

    /** The compare editor on the two snapshots: the one already open, or a new one. */
    private static SnapshotCompareInput openCompare(IWorkbenchPage page, SnapshotEntry before, SnapshotEntry after) {
        IEditorPart open = findCompareEditor(page, before, after);
        if (open != null) {
            page.bringToTop(open);
            return (SnapshotCompareInput) open.getEditorInput();
        }
        return CompareSnapshots.open(page, before, after);
    }

    private static IEditorPart findCompareEditor(IWorkbenchPage page, SnapshotEntry before, SnapshotEntry after) {
        for (IEditorReference ref : page.getEditorReferences()) {
            try {
                if (ref.getEditorInput() instanceof SnapshotCompareInput input
                        && input.beforeEntry().file().equals(before.file())
                        && input.afterEntry().file().equals(after.file())) {
                    return ref.getEditor(true);
                }
            } catch (PartInitException e) {
                // an editor that cannot give its input is not the one
            }
        }
        return null;
    }

    private static void later(Display display, Runnable runnable) {
        if (!display.isDisposed()) {
            display.asyncExec(() -> {
                if (!display.isDisposed()) {
                    runnable.run();
                }
            });
        }
    }
}
