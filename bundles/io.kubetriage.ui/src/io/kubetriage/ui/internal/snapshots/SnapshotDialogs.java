package io.kubetriage.ui.internal.snapshots;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

/** Dialogs the background work of the snapshot commands opens, always on the UI thread. */
final class SnapshotDialogs {

    private SnapshotDialogs() {
    }

    /** Shows an error once the UI thread is free; callable from any thread. */
    static void showErrorLater(String title, String message) {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        Display display = PlatformUI.getWorkbench().getDisplay();
        display.asyncExec(() -> MessageDialog.openError(shell(), title, message));
    }

    /** The active workbench window's shell, or null. Call on the UI thread. */
    static Shell shell() {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (window == null && PlatformUI.getWorkbench().getWorkbenchWindowCount() > 0) {
            window = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
        }
        return window == null ? null : window.getShell();
    }
}
