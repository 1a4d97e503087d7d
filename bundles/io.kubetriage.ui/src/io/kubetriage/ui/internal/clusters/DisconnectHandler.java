package io.kubetriage.ui.internal.clusters;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;

import io.kubetriage.ui.internal.KubetriageUiPlugin;

/** Disconnects the selected clusters; a connection under way is cancelled. */
public final class DisconnectHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        ClusterSession session = KubetriageUiPlugin.getDefault().clusterSession();
        SelectedClusters.of(event, session).forEach(session::disconnect);
        return null;
    }
}
