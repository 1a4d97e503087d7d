package io.kubetriage.ui.internal.audit;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * The Fix History view's commands: Undo Fix… (Ctrl+Z there) undoes the applied fix selected,
 * Refresh (F5 there) reads the audit log again.
 */
public final class FixHistoryHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        if (HandlerUtil.getActivePart(event) instanceof FixHistoryView view) {
            if (FixHistoryIds.UNDO_COMMAND.equals(event.getCommand().getId())) {
                view.undoSelected();
            } else {
                view.refresh();
            }
        }
        return null;
    }
}
