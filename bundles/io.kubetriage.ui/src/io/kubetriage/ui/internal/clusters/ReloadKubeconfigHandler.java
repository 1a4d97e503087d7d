package io.kubetriage.ui.internal.clusters;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;

import io.kubetriage.ui.internal.KubetriageUiPlugin;

/** Reads the kubeconfig files again; connection states of clusters that remain are kept. */
public final class ReloadKubeconfigHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        KubetriageUiPlugin.getDefault().clusterSession().reload();
        return null;
    }
}
