package io.kubetriage.ui.internal.snapshots;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.handlers.HandlerUtil;

import io.kubetriage.core.snapshot.store.SnapshotStore;

/** Copies the selected snapshot's file out of the library. */
public final class ExportSnapshotHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        List<SnapshotEntry> selected = SelectedSnapshots.of(event);
        if (selected.size() != 1) {
            return null;
        }
        SnapshotEntry entry = selected.get(0);
        FileDialog dialog = new FileDialog(HandlerUtil.getActiveShell(event), SWT.SAVE);
        dialog.setText("Export Snapshot " + entry.name());
        dialog.setFilterNames(new String[] { "Kubetriage snapshots (*" + SnapshotStore.EXTENSION + ")" });
        dialog.setFilterExtensions(new String[] { "*" + SnapshotStore.EXTENSION });
        dialog.setFileName(SnapshotLibrary.folderName(entry.name()) + SnapshotStore.EXTENSION);
        dialog.setOverwrite(true);
        String chosen = dialog.open();
        if (chosen == null) {
            return null;
        }
        Path target = Path.of(chosen.endsWith(SnapshotStore.EXTENSION) ? chosen : chosen + SnapshotStore.EXTENSION);
        SnapshotLibrary library = SnapshotLibrary.getDefault();
        library.schedule("Exporting snapshot " + entry.name(), monitor -> library.export(entry, target),
                e -> SnapshotDialogs.showErrorLater("Export Snapshot", "Could not export " + entry.name() + " to "
                        + target + ": " + (e instanceof IOException io ? SnapshotLibrary.describe(io) : e.getMessage())));
        return null;
    }
}
