package io.kubetriage.ui.internal.snapshots;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.handlers.HandlerUtil;

import io.kubetriage.connector.etcd.snapshot.EtcdSnapshotBuilder;
import io.kubetriage.core.etcd.backup.BackupFormatException;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.core.snapshot.store.SnapshotStore;

/** Copies .ktsnap files into the library, each after checking it is a snapshot this version reads. */
public final class ImportSnapshotHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        FileDialog dialog = new FileDialog(HandlerUtil.getActiveShell(event), SWT.OPEN | SWT.MULTI);
        dialog.setText("Import Snapshots");
        dialog.setFilterNames(new String[] { "Kubetriage snapshots (*" + SnapshotStore.EXTENSION + ")",
                "etcd backups (*.db)", "All files" });
        dialog.setFilterExtensions(new String[] { "*" + SnapshotStore.EXTENSION, "*.db", "*" });
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

    /** An etcd backup (a bbolt file) has bbolt's magic number in its first meta page. */
    public static boolean isEtcdBackup(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
            while (head.hasRemaining() && channel.read(head) > 0) {
                // fill
            }
            return head.position() == 20 && head.getInt(16) == BOLT_MAGIC;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static final int BOLT_MAGIC = 0xED0CDAED;

    /** Imports in a job of the library; the files that cannot be imported are named in one error dialog. */
    public static void importFiles(SnapshotLibrary library, List<Path> files) {
        library.schedule("Importing snapshots", monitor -> {
            SubMonitor progress = SubMonitor.convert(monitor, files.size());
            List<String> problems = new ArrayList<>();
            for (Path file : files) {
                progress.subTask(file.getFileName().toString());
                try {
                    if (isEtcdBackup(file)) {
                        // an etcdctl snapshot: its objects become a snapshot that compares with any other
                        library.add(new EtcdSnapshotBuilder().fromBackup(file, "backup " + file.getFileName(),
                                progress.split(1)));
                        continue;
                    }
                    library.importFile(file);
                } catch (SnapshotFormatException e) {
                    problems.add(file + ": " + e.problem());
                } catch (BackupFormatException e) {
                    problems.add(e.getMessage());
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
