package io.kubetriage.ui.internal.findings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import io.kubetriage.ui.internal.snapshots.SnapshotEntry;
import io.kubetriage.ui.internal.snapshots.SnapshotLibrary;

/**
 * Snapshots → Diagnose: runs every contributed detector on the selected snapshot; with two selected,
 * the older one is the baseline the newer is compared with. The findings show in the Findings view.
 */
public final class DiagnoseHandler extends AbstractHandler {

    static final String TITLE = "Diagnose";

    /** Older first; by file name when both were captured at the same instant. */
    private static final Comparator<SnapshotEntry> OLDER_FIRST = Comparator
            .comparing((SnapshotEntry e) -> e.manifest().captureStart())
            .thenComparing(e -> e.file().getFileName().toString());

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        List<SnapshotEntry> selected = selected(HandlerUtil.getCurrentSelection(event));
        if (selected.isEmpty() || selected.size() > 2) {
            MessageDialog.openInformation(HandlerUtil.getActiveShell(event), TITLE,
                    "Select one snapshot in the Snapshots view, or two: the older one is then the baseline.");
            return null;
        }
        // The manifests again: the rows may predate a rename or a deletion.
        List<SnapshotEntry> current = new ArrayList<>();
        for (SnapshotEntry e : selected) {
            SnapshotEntry entry = SnapshotLibrary.entry(e.file());
            if (!entry.isReadable()) {
                MessageDialog.openError(HandlerUtil.getActiveShell(event), TITLE,
                        entry.file() + " cannot be read: " + entry.problem());
                return null;
            }
            current.add(entry);
        }
        try {
            diagnose(HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage(), current);
        } catch (PartInitException e) {
            throw new ExecutionException("Could not open the Findings view", e);
        }
        return null;
    }

    /**
     * What the command does: shows the Findings view and diagnoses the snapshot (the newer of two;
     * the older is the baseline) in a background job of {@link FindingsIds#JOB_FAMILY}.
     *
     * @param entries one or two readable snapshots
     * @return the scheduled job
     */
    public static Job diagnose(IWorkbenchPage page, List<SnapshotEntry> entries) throws PartInitException {
        if (entries.isEmpty() || entries.size() > 2) {
            throw new IllegalArgumentException("one or two snapshots");
        }
        List<SnapshotEntry> ordered = entries.stream().sorted(OLDER_FIRST).toList();
        SnapshotEntry snapshot = ordered.get(ordered.size() - 1);
        SnapshotEntry baseline = ordered.size() == 2 ? ordered.get(0) : null;
        FindingsView view = (FindingsView) page.showView(FindingsIds.VIEW_ID);
        return view.diagnose(snapshot, baseline);
    }

    static List<SnapshotEntry> selected(ISelection selection) {
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
