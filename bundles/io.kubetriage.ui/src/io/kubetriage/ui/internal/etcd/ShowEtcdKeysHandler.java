package io.kubetriage.ui.internal.etcd;

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

/** Cluster → Show etcd Keys: reads the keys of the selected cluster's etcd into the etcd Revisions view. */
public final class ShowEtcdKeysHandler extends AbstractHandler {

    static final String TITLE = "Show etcd Keys";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        Shell shell = HandlerUtil.getActiveShell(event);
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        Optional<ClusterDescriptor> cluster = EtcdCommands.selectedCluster(event);
        if (cluster.isEmpty()) {
            MessageDialog.openInformation(shell, TITLE, "Select one cluster in the Clusters view to read its etcd keys.");
            return null;
        }
        Optional<EtcdEndpoints> endpoints = EtcdCommands.endpoints(shell, TITLE, cluster.get());
        if (endpoints.isEmpty()) {
            return null;
        }
        Optional<char[]> password = EtcdCommands.password(shell, TITLE, cluster.get());
        if (password.isEmpty()) {
            return null;
        }
        try {
            EtcdCommands.showView(window.getActivePage()).showLive(cluster.get().name(), endpoints.get(),
                    EtcdCommands.orNull(password.get()));
        } catch (PartInitException e) {
            throw new ExecutionException("Could not open the etcd Revisions view", e);
        } finally {
            Arrays.fill(password.get(), '\0');
        }
        return null;
    }
}
