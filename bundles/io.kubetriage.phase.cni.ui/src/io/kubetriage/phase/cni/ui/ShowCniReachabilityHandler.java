package io.kubetriage.phase.cni.ui;

import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import io.kubetriage.ui.internal.nodes.NodeNetworkingView;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;

/** Show CNI Reachability: of the snapshot selected in the Snapshots view, or shown in the Node Networking view. */
public final class ShowCniReachabilityHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchPart part = HandlerUtil.getActivePart(event);
        Path file = null;
        if (part instanceof NodeNetworkingView nodes) {
            file = nodes.snapshotFile();
        } else if (HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection s && s.size() == 1
                && s.getFirstElement() instanceof SnapshotEntry entry) {
            file = entry.file();
        }
        try {
            CniReachabilityView view = (CniReachabilityView) HandlerUtil.getActiveWorkbenchWindowChecked(event)
                    .getActivePage().showView(CniReachabilityIds.VIEW_ID);
            if (file != null) {
                view.show(file);
            }
        } catch (PartInitException e) {
            throw new ExecutionException("Could not open the CNI Reachability view", e);
        }
        return null;
    }
}
