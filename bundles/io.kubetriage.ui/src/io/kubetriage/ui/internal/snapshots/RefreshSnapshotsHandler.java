package io.kubetriage.ui.internal.snapshots;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;

/** Lists the snapshot files again (files copied in by hand, or deleted). */
public final class RefreshSnapshotsHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        SnapshotLibrary.getDefault().refresh();
        return null;
    }
}
