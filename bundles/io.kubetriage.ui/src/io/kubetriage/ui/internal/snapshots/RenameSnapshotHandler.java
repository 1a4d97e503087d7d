package io.kubetriage.ui.internal.snapshots;

import java.io.IOException;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.handlers.HandlerUtil;

import io.kubetriage.core.snapshot.store.SnapshotFormatException;

/** Gives the selected snapshot another name (the name in its manifest; the file keeps its own). */
public final class RenameSnapshotHandler extends AbstractHandler {

    /** The rename dialog's title, for tests that answer it. */
    public static final String DIALOG_TITLE = "Rename Snapshot";

    @Override
    public Object execute(ExecutionEvent event) {
        List<SnapshotEntry> selected = SelectedSnapshots.of(event);
        if (selected.size() != 1 || !selected.get(0).isReadable()) {
            return null;
        }
        SnapshotEntry entry = selected.get(0);
        InputDialog dialog = new InputDialog(HandlerUtil.getActiveShell(event), DIALOG_TITLE,
                "New name of the snapshot of " + entry.clusterName() + ":", entry.name(),
                text -> text.isBlank() ? "A snapshot needs a name" : null);
        if (dialog.open() != Window.OK || dialog.getValue().strip().equals(entry.name())) {
            return null;
        }
        String newName = dialog.getValue().strip();
        SnapshotLibrary library = SnapshotLibrary.getDefault();
        library.schedule("Renaming snapshot " + entry.name(), monitor -> library.rename(entry, newName),
                e -> SnapshotDialogs.showErrorLater(DIALOG_TITLE, "Could not rename " + entry.name() + ": "
                        + (e instanceof SnapshotFormatException f ? f.problem()
                                : e instanceof IOException io ? SnapshotLibrary.describe(io) : e.getMessage())));
        return null;
    }
}
