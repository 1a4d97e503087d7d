package io.kubetriage.ui.internal.nodes;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

/** Node Networking → Open CNI Config: the CNI files of the node the view shows, in the CNI Config editor. */
public final class OpenCniConfigHandler extends AbstractHandler {

    static final String TITLE = "Open CNI Config";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchPage page = HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage();
        IViewPart part = page == null ? null : page.findView(NodeIds.VIEW_ID);
        try {
            if (!(part instanceof NodeNetworkingView view) || view.openCniConfig(page) == null) {
                MessageDialog.openInformation(HandlerUtil.getActiveShell(event), TITLE,
                        "Show a snapshot's nodes first: select a snapshot in the Snapshots view and use Show Node"
                                + " Networking, then pick a node.");
            }
        } catch (PartInitException e) {
            throw new ExecutionException("Could not open the CNI Config editor", e);
        }
        return null;
    }
}
