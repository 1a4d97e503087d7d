package io.kubetriage.ui.internal.findings;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.handlers.HandlerUtil;

/** Re-run (Findings view toolbar): diagnoses every cluster the view shows again, its snapshots read again. */
public final class RerunDiagnosisHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IViewPart view = HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage()
                .findView(FindingsIds.VIEW_ID);
        if (view instanceof FindingsView findings) {
            findings.rerun();
        }
        return null;
    }
}
