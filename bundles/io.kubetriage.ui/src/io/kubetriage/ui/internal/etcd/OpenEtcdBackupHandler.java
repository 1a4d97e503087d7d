package io.kubetriage.ui.internal.etcd;

import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

/** File → Open etcd Backup…: asks for a backup file and shows its keys in the etcd Revisions view. */
public final class OpenEtcdBackupHandler extends AbstractHandler {

    static final String TITLE = "Open etcd Backup";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        Shell shell = HandlerUtil.getActiveShell(event);
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        Path file = EtcdCommands.askForBackup(shell, TITLE);
        if (file == null) {
            return null;
        }
        try {
            EtcdCommands.showView(window.getActivePage()).openBackup(file);
        } catch (PartInitException e) {
            throw new ExecutionException("Could not open the etcd Revisions view", e);
        }
        return null;
    }
}
