package io.kubetriage.ui.internal.snapshots;

import java.util.List;
import java.util.Optional;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;

import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.ui.internal.KubetriageUiPlugin;

/**
 * Compares a snapshot with its cluster as it is now: captures the cluster (the capture is kept in
 * the library, so the comparison can be opened again) and opens the compare editor with the
 * snapshot as "before".
 */
public final class CompareWithLiveHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        Shell shell = HandlerUtil.getActiveShell(event);
        List<SnapshotEntry> selected = SelectedSnapshots.of(event);
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindow(event);
        if (selected.size() != 1 || window == null) {
            MessageDialog.openInformation(shell, "Compare with Live Cluster", "Select one snapshot in the Snapshots view.");
            return null;
        }
        SnapshotEntry before = selected.get(0);
        Optional<ClusterDescriptor> cluster = CaptureSnapshotHandler
                .byName(KubetriageUiPlugin.getDefault().clusterSession().registry(), before.clusterName());
        if (cluster.isEmpty() || !cluster.get().context().isUsable()) {
            MessageDialog.openError(shell, "Compare with Live Cluster", "No usable kubeconfig context is named '"
                    + before.clusterName() + "'; add its kubeconfig file in the Clusters view.");
            return null;
        }
        if (CaptureSnapshotJob.running(cluster.get().id()).isPresent()) {
            MessageDialog.openInformation(shell, "Compare with Live Cluster", "A snapshot of " + cluster.get().name()
                    + " is being captured; compare with it when it is done.");
            return null;
        }
        Display display = shell.getDisplay();
        CaptureSnapshotJob job = CaptureSnapshotJob.start(cluster.get(), SnapshotLibrary.getDefault());
        job.whenSaved(saved -> display.asyncExec(() -> {
            if (window.getShell() != null && !window.getShell().isDisposed() && window.getActivePage() != null) {
                CompareSnapshots.open(window.getActivePage(), SnapshotLibrary.entry(before.file()),
                        SnapshotLibrary.entry(saved));
            }
        }));
        return null;
    }
}
