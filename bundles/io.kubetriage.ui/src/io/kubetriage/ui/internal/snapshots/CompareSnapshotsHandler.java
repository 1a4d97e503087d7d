package io.kubetriage.ui.internal.snapshots;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;

/** Compares the two selected snapshots in a compare editor, the older one as "before". */
public final class CompareSnapshotsHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        List<SnapshotEntry> selected = SelectedSnapshots.of(event);
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindow(event);
        if (selected.size() != 2 || window == null || window.getActivePage() == null) {
            MessageDialog.openInformation(HandlerUtil.getActiveShell(event), "Compare Snapshots",
                    "Select two snapshots in the Snapshots view.");
            return null;
        }
        // The manifests again: the rows may predate a rename.
        SnapshotEntry first = SnapshotLibrary.entry(selected.get(0).file());
        SnapshotEntry second = SnapshotLibrary.entry(selected.get(1).file());
        for (SnapshotEntry entry : List.of(first, second)) {
            if (!entry.isReadable()) {
                MessageDialog.openError(HandlerUtil.getActiveShell(event), "Compare Snapshots",
                        entry.file() + " cannot be read: " + entry.problem());
                return null;
            }
        }
        CompareSnapshots.open(window.getActivePage(), first, second);
        return null;
    }
}
