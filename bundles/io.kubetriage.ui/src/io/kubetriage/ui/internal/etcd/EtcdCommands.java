package io.kubetriage.ui.internal.etcd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.ui.internal.KubetriageUiPlugin;
import io.kubetriage.ui.internal.clusters.ClusterNode;
import io.kubetriage.ui.internal.clusters.ClusterSession;
import io.kubetriage.ui.internal.clusters.ClusterSettingsStore.SettingsException;
import io.kubetriage.ui.internal.clusters.ClustersView;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;
import io.kubetriage.ui.internal.snapshots.SnapshotsView;

/** What the etcd commands share: the cluster or snapshot they act on, the backup file dialog, the view. */
final class EtcdCommands {

    private static final String[] BACKUP_FILTERS = { "*.db;*.snapshot;*.bak", "*" };
    private static final String[] BACKUP_FILTER_NAMES = { "etcd backups (*.db, *.snapshot, *.bak)", "All files" };

    private EtcdCommands() {
    }

    /** A cluster and its etcd endpoints. */
    record ClusterEtcd(ClusterDescriptor cluster, EtcdEndpoints endpoints) {
    }

    /**
     * The cluster selected in the command's selection or, failing that, in the Clusters view. Empty
     * when there is none or more than one.
     */
    static Optional<ClusterDescriptor> selectedCluster(ExecutionEvent event) {
        ClusterSession session = KubetriageUiPlugin.getDefault().clusterSession();
        Optional<ClusterDescriptor> cluster = cluster(HandlerUtil.getCurrentSelection(event), session);
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindow(event);
        if (cluster.isEmpty() && window != null) {
            cluster = cluster(window.getSelectionService().getSelection(ClustersView.ID), session);
        }
        return cluster;
    }

    private static Optional<ClusterDescriptor> cluster(ISelection selection, ClusterSession session) {
        if (selection instanceof IStructuredSelection structured && structured.size() == 1
                && structured.getFirstElement() instanceof ClusterNode node) {
            return session.registry().get(node.id());
        }
        return Optional.empty();
    }

    /** The snapshot selected in the command's selection or in the Snapshots view, if exactly one is. */
    static Optional<SnapshotEntry> selectedSnapshot(ExecutionEvent event) {
        Optional<SnapshotEntry> entry = snapshot(HandlerUtil.getCurrentSelection(event));
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindow(event);
        if (entry.isEmpty() && window != null) {
            entry = snapshot(window.getSelectionService().getSelection(SnapshotsView.ID));
        }
        return entry;
    }

    private static Optional<SnapshotEntry> snapshot(ISelection selection) {
        if (selection instanceof IStructuredSelection structured && structured.size() == 1
                && structured.getFirstElement() instanceof SnapshotEntry entry && entry.isReadable()) {
            return Optional.of(entry);
        }
        return Optional.empty();
    }

    /**
     * The cluster's etcd endpoints, or empty after telling the user that none are set.
     */
    static Optional<EtcdEndpoints> endpoints(Shell shell, String title, ClusterDescriptor cluster) {
        if (cluster.etcd().isEmpty()) {
            MessageDialog.openInformation(shell, title, "No etcd endpoints are set for " + cluster.name()
                    + ". Set them with Cluster → etcd Endpoints… (Ctrl+Alt+E) first.");
        }
        return cluster.etcd();
    }

    /** The cluster's etcd password from secure storage; null when there is none; empty after an error dialog. */
    static Optional<char[]> password(Shell shell, String title, ClusterDescriptor cluster) {
        try {
            char[] password = KubetriageUiPlugin.getDefault().clusterSession().settings().etcdPassword(cluster.id());
            return Optional.of(password == null ? new char[0] : password);
        } catch (SettingsException e) {
            MessageDialog.openError(shell, title, e.getMessage());
            return Optional.empty();
        }
    }

    /** An empty password array stands for none. */
    static char[] orNull(char[] password) {
        return password == null || password.length == 0 ? null : password;
    }

    /** Asks for an etcd backup file; null when cancelled. */
    static Path askForBackup(Shell shell, String title) {
        FileDialog dialog = new FileDialog(shell, SWT.OPEN | SWT.SHEET);
        dialog.setText(title);
        dialog.setFilterExtensions(BACKUP_FILTERS);
        dialog.setFilterNames(BACKUP_FILTER_NAMES);
        String chosen = dialog.open();
        if (chosen == null) {
            return null;
        }
        Path file = Path.of(chosen);
        if (!Files.isRegularFile(file)) {
            MessageDialog.openError(shell, title, file + " is not a file.");
            return null;
        }
        return file;
    }

    /** Shows the etcd Revisions view (creating it) and returns it. */
    static EtcdRevisionsView showView(IWorkbenchPage page) throws PartInitException {
        IViewPart view = page.showView(EtcdRevisionsView.ID);
        return (EtcdRevisionsView) view;
    }
}
