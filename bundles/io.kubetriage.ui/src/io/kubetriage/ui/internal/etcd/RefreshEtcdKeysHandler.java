package io.kubetriage.ui.internal.etcd;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;

/** Reads the keys the etcd Revisions view shows again (F5 in the view). */
public final class RefreshEtcdKeysHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        IWorkbenchPart part = HandlerUtil.getActivePart(event);
        EtcdRevisionsView view = part instanceof EtcdRevisionsView v ? v : null;
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindow(event);
        if (view == null && window != null && window.getActivePage() != null
                && window.getActivePage().findView(EtcdRevisionsView.ID) instanceof EtcdRevisionsView v) {
            view = v;
        }
        if (view != null) {
            view.reload();
        }
        return null;
    }
}
