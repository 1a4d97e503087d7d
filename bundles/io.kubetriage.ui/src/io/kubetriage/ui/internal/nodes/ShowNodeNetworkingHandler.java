package io.kubetriage.ui.internal.nodes;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import io.kubetriage.ui.internal.snapshots.SnapshotEntry;
import io.kubetriage.ui.internal.snapshots.SnapshotLibrary;

/** Snapshots → Show Node Networking: the node data of the selected snapshot in the Node Networking view. */
public final class ShowNodeNetworkingHandler extends AbstractHandler {

    static final String TITLE = "Show Node Networking";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        SnapshotEntry entry = selectedSnapshot(HandlerUtil.getCurrentSelection(event));
        if (entry == null) {
            MessageDialog.openInformation(HandlerUtil.getActiveShell(event), TITLE,
                    "Select one snapshot with node data in the Snapshots view.");
            return null;
        }
        // The manifest again: the row may predate a rename or a deletion.
        SnapshotEntry current = SnapshotLibrary.entry(entry.file());
        if (!current.isReadable()) {
            MessageDialog.openError(HandlerUtil.getActiveShell(event), TITLE,
                    current.file() + " cannot be read: " + current.problem());
            return null;
        }
        try {
            show(HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage(), current);
        } catch (PartInitException e) {
            throw new ExecutionException("Could not open the Node Networking view", e);
        }
        return null;
    }

    /** What the command does: shows the view and reads the snapshot's node data into it. */
    public static NodeNetworkingView show(IWorkbenchPage page, SnapshotEntry entry) throws PartInitException {
        NodeNetworkingView view = (NodeNetworkingView) page.showView(NodeIds.VIEW_ID);
        view.show(entry.file());
        return view;
    }

    static SnapshotEntry selectedSnapshot(ISelection selection) {
        if (selection instanceof IStructuredSelection structured && structured.size() == 1
                && structured.getFirstElement() instanceof SnapshotEntry entry) {
            return entry;
        }
        return null;
    }
}
