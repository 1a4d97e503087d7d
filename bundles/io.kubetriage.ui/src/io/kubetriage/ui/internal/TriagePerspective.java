package io.kubetriage.ui.internal;

import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import io.kubetriage.ui.internal.clusters.ClustersView;
import io.kubetriage.ui.internal.etcd.EtcdRevisionsView;
import io.kubetriage.ui.internal.snapshots.SnapshotsView;

/**
 * The triage layout: clusters across the top, their snapshots below on the left, and the editor
 * area (where snapshots are compared) below on the right.
 */
public final class TriagePerspective implements IPerspectiveFactory {

    public static final String ID = "io.kubetriage.ui.perspective.triage";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editorArea = layout.getEditorArea();
        layout.setEditorAreaVisible(true);
        layout.addView(ClustersView.ID, IPageLayout.TOP, 0.35f, editorArea);
        layout.addView(SnapshotsView.ID, IPageLayout.LEFT, 0.4f, editorArea);
        for (String view : new String[] { ClustersView.ID, SnapshotsView.ID }) {
            layout.addShowViewShortcut(view);
            layout.getViewLayout(view).setCloseable(true);
        }
        // The etcd Revisions view opens below the editor area, where compare editors it opens show above it.
        layout.addPlaceholder(EtcdRevisionsView.ID, IPageLayout.BOTTOM, 0.45f, editorArea);
        layout.addShowViewShortcut(EtcdRevisionsView.ID);
    }
}
