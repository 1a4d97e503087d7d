package io.kubetriage.ui.internal.snapshots;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;

import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.cluster.ClusterRegistry;
import io.kubetriage.ui.internal.KubetriageUiPlugin;
import io.kubetriage.ui.internal.clusters.ClusterNode;
import io.kubetriage.ui.internal.clusters.ClustersView;

/**
 * Captures a snapshot of each cluster selected in the Clusters view, or of the cluster of the rows
 * selected in the Snapshots view. A cluster whose capture is under way is offered to be cancelled
 * instead.
 */
public final class CaptureSnapshotHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        Shell shell = HandlerUtil.getActiveShell(event);
        ClusterRegistry registry = KubetriageUiPlugin.getDefault().clusterSession().registry();
        List<ClusterDescriptor> clusters = clusters(HandlerUtil.getCurrentSelection(event), registry);
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindow(event);
        if (clusters.isEmpty() && window != null) {
            clusters = clusters(window.getSelectionService().getSelection(ClustersView.ID), registry);
        }
        if (clusters.isEmpty()) {
            MessageDialog.openInformation(shell, "Capture Snapshot",
                    "Select the cluster to capture in the Clusters view (or a snapshot of it in the Snapshots view).");
            return null;
        }
        SnapshotLibrary library = SnapshotLibrary.getDefault();
        for (ClusterDescriptor cluster : clusters) {
            if (!cluster.context().isUsable()) {
                MessageDialog.openError(shell, "Capture Snapshot",
                        "Cannot capture " + cluster.name() + ": " + cluster.context().problem());
                continue;
            }
            Optional<CaptureSnapshotJob> running = CaptureSnapshotJob.running(cluster.id());
            if (running.isPresent()) {
                if (MessageDialog.openQuestion(shell, "Capture Snapshot",
                        "A snapshot of " + cluster.name() + " is being captured. Cancel it?")) {
                    running.get().cancel();
                }
                continue;
            }
            CaptureSnapshotJob.start(cluster, library);
        }
        return null;
    }

    /** The clusters of the selection: cluster rows, or the clusters snapshot rows were taken of. */
    static List<ClusterDescriptor> clusters(ISelection selection, ClusterRegistry registry) {
        Set<ClusterDescriptor> clusters = new LinkedHashSet<>();
        if (selection instanceof IStructuredSelection structured) {
            for (Object element : structured) {
                if (element instanceof ClusterNode node) {
                    registry.get(node.id()).ifPresent(clusters::add);
                } else if (element instanceof ClusterSnapshots group) {
                    byName(registry, group.clusterName()).ifPresent(clusters::add);
                } else if (element instanceof SnapshotEntry entry) {
                    byName(registry, entry.clusterName()).ifPresent(clusters::add);
                }
            }
        }
        return new ArrayList<>(clusters);
    }

    /** The context of that name; a usable one first when several kubeconfig files define it. */
    static Optional<ClusterDescriptor> byName(ClusterRegistry registry, String name) {
        return registry.all().stream().filter(d -> d.name().equals(name))
                .sorted((a, b) -> Boolean.compare(!a.context().isUsable(), !b.context().isUsable())).findFirst();
    }
}
