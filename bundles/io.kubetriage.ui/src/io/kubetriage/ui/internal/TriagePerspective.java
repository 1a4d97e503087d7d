package io.kubetriage.ui.internal;

import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import io.kubetriage.ui.internal.clusters.ClustersView;

/** The triage layout: clusters on top, room below for what later views show about them. */
public final class TriagePerspective implements IPerspectiveFactory {

    public static final String ID = "io.kubetriage.ui.perspective.triage";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        layout.addView(ClustersView.ID, IPageLayout.TOP, 0.6f, layout.getEditorArea());
        layout.addShowViewShortcut(ClustersView.ID);
        layout.getViewLayout(ClustersView.ID).setCloseable(true);
    }
}
