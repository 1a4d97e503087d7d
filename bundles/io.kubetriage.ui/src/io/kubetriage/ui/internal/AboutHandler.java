package io.kubetriage.ui.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

/** Help → About Kubetriage. */
public final class AboutHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        new AboutKubetriageDialog(HandlerUtil.getActiveShell(event)).open();
        return null;
    }
}
