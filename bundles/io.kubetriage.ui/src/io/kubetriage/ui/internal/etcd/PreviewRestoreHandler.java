package io.kubetriage.ui.internal.etcd;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;

/**
 * Cluster → Preview Restore of Backup…: asks for an etcd backup and shows what restoring it onto
 * the selected cluster's etcd (or onto the selected snapshot) would do, before anyone does it.
 */
public final class PreviewRestoreHandler extends AbstractHandler {

    static final String TITLE = "Preview Restore of Backup";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        Shell shell = HandlerUtil.getActiveShell(event);
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        RestoreTarget target = target(event, shell);
        if (target == null) {
            return null;
        }
        Path backup = EtcdCommands.askForBackup(shell, TITLE + " onto " + target.name());
        if (backup == null) {
            return null;
        }
        try {
            RestoreImpactEditor.open(window.getActivePage(), backup, target);
        } catch (PartInitException e) {
            throw new ExecutionException("Could not open the restore preview", e);
        }
        return null;
    }

    /** The selected cluster's etcd, else the selected snapshot, else the cluster the etcd view shows; null after telling why not. */
    private static RestoreTarget target(ExecutionEvent event, Shell shell) {
        Optional<ClusterDescriptor> cluster = EtcdCommands.selectedCluster(event);
        if (cluster.isPresent()) {
            Optional<EtcdEndpoints> endpoints = EtcdCommands.endpoints(shell, TITLE, cluster.get());
            Optional<char[]> password = endpoints.isEmpty() ? Optional.empty()
                    : EtcdCommands.password(shell, TITLE, cluster.get());
            if (password.isEmpty()) {
                return null;
            }
            try {
                return RestoreTarget.etcd(cluster.get().name(), endpoints.get(), EtcdCommands.orNull(password.get()));
            } finally {
                Arrays.fill(password.get(), '\0');
            }
        }
        Optional<SnapshotEntry> snapshot = EtcdCommands.selectedSnapshot(event);
        if (snapshot.isPresent()) {
            return RestoreTarget.snapshot(snapshot.get());
        }
        if (HandlerUtil.getActivePart(event) instanceof EtcdRevisionsView view
                && view.source() instanceof EtcdSource.Live live) {
            return new RestoreTarget.Etcd(live);
        }
        MessageDialog.openInformation(shell, TITLE, "Select what the backup would be restored onto: a cluster with"
                + " etcd endpoints in the Clusters view, or a snapshot of it in the Snapshots view. Then preview the"
                + " restore again.");
        return null;
    }
}
