package io.kubetriage.ui.internal.clusters;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;

import io.kubetriage.ui.internal.KubetriageUiPlugin;

/** Connects the selected clusters, each in its own background job. */
public final class ConnectHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        ClusterSession session = KubetriageUiPlugin.getDefault().clusterSession();
        for (String id : SelectedClusters.of(event, session)) {
            boolean usable = session.registry().get(id).map(d -> d.context().isUsable()).orElse(false);
            if (usable) {
                session.connect(id);
            }
        }
        return null;
    }
}
