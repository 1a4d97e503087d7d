package io.kubetriage.ui.internal.sample;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * Help → Open Sample Incident: the etcd-restore incident Kubetriage was born from, as two snapshots
 * added to the library (once) and opened in the Triage perspective; see {@link SampleIncidentOpener}.
 */
public final class OpenSampleIncidentHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        SampleIncidentOpener.open(HandlerUtil.getActiveWorkbenchWindowChecked(event), false);
        return null;
    }
}
