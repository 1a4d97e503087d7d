package io.kubetriage.ui.internal.snapshots;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.handlers.HandlerUtil;

/** The snapshots a command applies to: the selected snapshot rows, their manifests read again. */
final class SelectedSnapshots {

    private SelectedSnapshots() {
    }

    static List<SnapshotEntry> of(ExecutionEvent event) {
        return of(HandlerUtil.getCurrentSelection(event));
    }

    static List<SnapshotEntry> of(ISelection selection) {
        List<SnapshotEntry> entries = new ArrayList<>();
        if (selection instanceof IStructuredSelection structured) {
            for (Object element : structured) {
                if (element instanceof SnapshotEntry entry && !entries.contains(entry)) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }
}
