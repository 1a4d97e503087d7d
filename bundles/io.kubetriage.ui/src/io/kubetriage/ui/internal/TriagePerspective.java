package io.kubetriage.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import io.kubetriage.ui.internal.clusters.ClustersView;
import io.kubetriage.ui.internal.etcd.EtcdRevisionsView;
import io.kubetriage.ui.internal.findings.FindingsIds;
import io.kubetriage.ui.internal.nodes.NodeNetworkingView;
import io.kubetriage.ui.internal.snapshots.SnapshotsView;

/**
 * The triage layout: clusters across the top, their snapshots below on the left, and the editor
 * area (where snapshots are compared) below on the right.
 */
public final class TriagePerspective implements IPerspectiveFactory {

    private static final String TOP_FOLDER = "io.kubetriage.ui.folders.top";

    public static final String ID = "io.kubetriage.ui.perspective.triage";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editorArea = layout.getEditorArea();
        layout.setEditorAreaVisible(true);
        // Clusters and the etcd Revisions view share the wide top; snapshots and the compare
        // editors they open share the bottom.
        IFolderLayout top = layout.createFolder(TOP_FOLDER, IPageLayout.TOP, 0.45f, editorArea);
        top.addView(ClustersView.ID);
        top.addPlaceholder(EtcdRevisionsView.ID);
        top.addPlaceholder(NodeNetworkingView.ID);
        top.addPlaceholder(FindingsIds.VIEW_ID);
        layout.addView(SnapshotsView.ID, IPageLayout.LEFT, 0.35f, editorArea);
        for (String view : new String[] { ClustersView.ID, SnapshotsView.ID, FindingsIds.VIEW_ID, EtcdRevisionsView.ID,
                NodeNetworkingView.ID }) {
            layout.addShowViewShortcut(view);
        }
        layout.getViewLayout(ClustersView.ID).setCloseable(true);
        layout.getViewLayout(SnapshotsView.ID).setCloseable(true);
    }
}
