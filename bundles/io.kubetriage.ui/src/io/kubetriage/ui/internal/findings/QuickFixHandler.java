package io.kubetriage.ui.internal.findings;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.handlers.HandlerUtil;

/** Quick Fix (Ctrl+1 in the Findings view, and its context menu): the fixes of the selected finding. */
public final class QuickFixHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        FindingElement element = selected(HandlerUtil.getCurrentSelection(event));
        if (element == null) {
            MessageDialog.openInformation(HandlerUtil.getActiveShell(event), "Quick Fix",
                    "Select a finding in the Findings view.");
            return null;
        }
        QuickFixDialog.show(HandlerUtil.getActiveShell(event), element, true);
        return null;
    }

    static FindingElement selected(ISelection selection) {
        if (selection instanceof IStructuredSelection s && s.size() == 1
                && s.getFirstElement() instanceof FindingElement element) {
            return element;
        }
        return null;
    }
}
