package io.kubetriage.ui.internal.clusters;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.ui.internal.KubetriageUiPlugin;

/** Opens the etcd settings of the selected cluster. */
public final class EtcdSettingsHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        Shell shell = HandlerUtil.getActiveShell(event);
        ClusterSession session = KubetriageUiPlugin.getDefault().clusterSession();
        List<String> ids = SelectedClusters.of(event, session);
        if (ids.size() != 1) {
            MessageDialog.openInformation(shell, "etcd Endpoints", "Select one cluster to set its etcd endpoints.");
            return null;
        }
        ClusterDescriptor descriptor = session.registry().get(ids.get(0)).orElse(null);
        if (descriptor != null) {
            new EtcdSettingsDialog(shell, session, descriptor).open();
        }
        return null;
    }
}
