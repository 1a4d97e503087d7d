package io.kubetriage.phase.routing.ui;

import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import io.kubetriage.ui.internal.nodes.NodeNetworkingView;
import io.kubetriage.ui.internal.nodes.NodeSnapshot.IpvsRow;
import io.kubetriage.ui.internal.nodes.NodeSnapshot.RuleRow;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;

/**
 * Show Service Routes: from the Node Networking view, the routes of the Service of the selected
 * row (or just the snapshot shown); from the Snapshots view, the selected snapshot's Service ports.
 */
public final class ShowServiceRoutesHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchPart part = HandlerUtil.getActivePart(event);
        Path file = null;
        String port = null;
        if (part instanceof NodeNetworkingView nodes) {
            file = nodes.snapshotFile();
            port = portOf(nodes.selectedRow());
        } else if (snapshotOf(HandlerUtil.getCurrentSelection(event)) instanceof SnapshotEntry entry) {
            file = entry.file();
        }
        try {
            ServiceRoutesView view = (ServiceRoutesView) HandlerUtil.getActiveWorkbenchWindowChecked(event)
                    .getActivePage().showView(RoutesIds.VIEW_ID);
            if (file != null) {
                view.show(file, port);
            }
        } catch (PartInitException e) {
            throw new ExecutionException("Could not open the Service Routes view", e);
        }
        return null;
    }

    /** The Service port of a Node Networking row, by name: the IPVS row's Service, or the rule's comment. */
    static String portOf(Object row) {
        if (row instanceof IpvsRow ipvs && ipvs.servicePort() != null) {
            return ipvs.servicePort().port().target();
        }
        if (row instanceof RuleRow rule && rule.rule().comment() != null) {
            String comment = rule.rule().comment();
            int space = comment.indexOf(' ');
            return space < 0 ? comment : comment.substring(0, space);
        }
        return null;
    }

    private static SnapshotEntry snapshotOf(ISelection selection) {
        if (selection instanceof IStructuredSelection s && s.size() == 1 && s.getFirstElement() instanceof SnapshotEntry e) {
            return e;
        }
        return null;
    }
}
