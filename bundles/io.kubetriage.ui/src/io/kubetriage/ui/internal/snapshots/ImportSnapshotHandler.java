package io.kubetriage.ui.internal.snapshots;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.handlers.HandlerUtil;

import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.core.snapshot.store.SnapshotStore;

/** Copies .ktsnap files into the library, each after checking it is a snapshot this version reads. */
public final class ImportSnapshotHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        FileDialog dialog = new FileDialog(HandlerUtil.getActiveShell(event), SWT.OPEN | SWT.MULTI);
        dialog.setText("Import Snapshots");
        dialog.setFilterNames(new String[] { "Kubetriage snapshots (*" + SnapshotStore.EXTENSION + ")", "All files" });
        dialog.setFilterExtensions(new String[] { "*" + SnapshotStore.EXTENSION, "*" });
        if (dialog.open() == null) {
            return null;
        }
        List<Path> files = new ArrayList<>();
        for (String name : dialog.getFileNames()) {
            files.add(Path.of(dialog.getFilterPath(), name));
        }
        importFiles(SnapshotLibrary.getDefault(), files);
        return null;
    }

    /** Imports in a job of the library; the files that cannot be imported are named in one error dialog. */
    static void importFiles(SnapshotLibrary library, List<Path> files) {
        library.schedule("Importing snapshots", monitor -> {
            SubMonitor progress = SubMonitor.convert(monitor, files.size());
            List<String> problems = new ArrayList<>();
            for (Path file : files) {
                progress.subTask(file.getFileName().toString());
                try {
                    library.importFile(file);
                } catch (SnapshotFormatException e) {
                    problems.add(file + ": " + e.problem());
                } catch (java.io.IOException e) {
                    problems.add(file + ": " + SnapshotLibrary.describe(e));
                }
                progress.worked(1);
            }
            if (!problems.isEmpty()) {
                SnapshotDialogs.showErrorLater("Import Snapshots",
                        (problems.size() == 1 ? "This file was not imported:\n\n" : "These files were not imported:\n\n")
                                + String.join("\n", problems));
            }
        }, e -> SnapshotDialogs.showErrorLater("Import Snapshots", "Import failed: " + e.getMessage()));
    }
}
