package io.kubetriage.ui.internal.snapshots;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.handlers.HandlerUtil;

/** Deletes the selected snapshots' files, once the user confirmed it naming each. */
public final class DeleteSnapshotHandler extends AbstractHandler {

    /** The confirmation's title and its button, for tests that answer it. */
    public static final String DIALOG_TITLE = "Delete Snapshot";
    public static final String DELETE_BUTTON = "Delete";

    @Override
    public Object execute(ExecutionEvent event) {
        List<SnapshotEntry> selected = SelectedSnapshots.of(event);
        if (selected.isEmpty()) {
            return null;
        }
        String question;
        if (selected.size() == 1) {
            SnapshotEntry entry = selected.get(0);
            question = "Delete the snapshot '" + entry.name() + "' of " + entry.clusterName() + "?\n\nIts file "
                    + entry.file() + " is deleted; this cannot be undone.";
        } else {
            StringBuilder s = new StringBuilder("Delete these " + selected.size() + " snapshots?\n");
            for (SnapshotEntry entry : selected) {
                s.append("\n• '").append(entry.name()).append("' of ").append(entry.clusterName());
            }
            question = s.append("\n\nTheir files are deleted; this cannot be undone.").toString();
        }
        MessageDialog dialog = new MessageDialog(HandlerUtil.getActiveShell(event),
                selected.size() == 1 ? DIALOG_TITLE : DIALOG_TITLE + "s", null, question, MessageDialog.WARNING, 1,
                DELETE_BUTTON, IDialogConstants.CANCEL_LABEL);
        if (dialog.open() != 0) {
            return null;
        }
        SnapshotLibrary library = SnapshotLibrary.getDefault();
        library.schedule(selected.size() == 1 ? "Deleting snapshot " + selected.get(0).name() : "Deleting snapshots",
                monitor -> {
                    List<String> problems = new ArrayList<>();
                    for (SnapshotEntry entry : selected) {
                        try {
                            library.delete(entry);
                        } catch (IOException e) {
                            problems.add(entry.name() + ": " + SnapshotLibrary.describe(e));
                        }
                    }
                    if (!problems.isEmpty()) {
                        SnapshotDialogs.showErrorLater(DIALOG_TITLE, "Could not delete:\n\n" + String.join("\n", problems));
                    }
                }, e -> SnapshotDialogs.showErrorLater(DIALOG_TITLE, "Could not delete: " + e.getMessage()));
        return null;
    }
}
