package io.kubetriage.ui.internal.clusters;

import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

import io.kubetriage.ui.internal.KubetriageUiPlugin;
import io.kubetriage.ui.internal.clusters.ClusterSettingsStore.SettingsException;

/** Adds a kubeconfig file to the Clusters view. The file is read, never written. */
public final class AddKubeconfigHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        Shell shell = HandlerUtil.getActiveShell(event);
        FileDialog dialog = new FileDialog(shell, SWT.OPEN);
        dialog.setText("Add Kubeconfig File");
        dialog.setFilterPath(System.getProperty("user.home") + "/.kube");
        String chosen = dialog.open();
        if (chosen != null) {
            try {
                KubetriageUiPlugin.getDefault().clusterSession().addKubeconfigFile(Path.of(chosen));
            } catch (SettingsException e) {
                MessageDialog.openError(shell, "Add Kubeconfig File", e.getMessage());
            }
        }
        return null;
    }
}
