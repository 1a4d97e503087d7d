package io.kubetriage.ui.internal.snapshots;

import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.layout.TreeColumnLayout;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.jface.window.ToolTip;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.part.ViewPart;

import io.kubetriage.ui.internal.Images;
import io.kubetriage.ui.internal.TestIds;

/**
 * The snapshots of the workspace, by cluster: name, capture time, file size, object count and
 * completeness (a tooltip lists the sources that were not captured whole, and why). Capture,
 * import, export, rename, delete and compare are commands on its toolbar and context menu.
 */
public final class SnapshotsView extends ViewPart {

    public static final String ID = "io.kubetriage.ui.views.snapshots";
    /** Active while the view is: F2, Delete and F5 act on snapshots there. */
    public static final String CONTEXT_ID = "io.kubetriage.ui.contexts.snapshots";
    public static final String TREE_ID = "snapshots.tree";
    public static final String MESSAGE_ID = "snapshots.message";

    /** Column titles, also used by tests to find cells. */
    public static final String COL_NAME = "Name";
    public static final String COL_CAPTURED = "Captured";
    public static final String COL_SIZE = "Size";
    public static final String COL_OBJECTS = "Objects";
    public static final String COL_COMPLETE = "Complete";

    private SnapshotLibrary library;
    private TreeViewer viewer;
    private Label message;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final Runnable libraryListener = this::queueRefresh;

    @Override
    public void createPartControl(Composite parent) {
        library = SnapshotLibrary.getDefault();
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        parent.setLayout(layout);

        message = new Label(parent, SWT.WRAP);
        message.setData(TestIds.KEY, MESSAGE_ID);
        message.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));

        Composite treeHolder = new Composite(parent, SWT.NONE);
        treeHolder.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        TreeColumnLayout columns = new TreeColumnLayout();
        treeHolder.setLayout(columns);

        viewer = new TreeViewer(treeHolder, SWT.MULTI | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTree().setHeaderVisible(true);
        viewer.getTree().setLinesVisible(true);
        viewer.getTree().setData(TestIds.KEY, TREE_ID);
        viewer.setUseHashlookup(true);
        viewer.setContentProvider(new ContentProvider());
        ColumnViewerToolTipSupport.enableFor(viewer, ToolTip.NO_RECREATE);

        addColumn(columns, COL_NAME, 34, new NameLabels());
        addColumn(columns, COL_CAPTURED, 20, new CapturedLabels());
        addColumn(columns, COL_SIZE, 10, new SizeLabels());
        addColumn(columns, COL_OBJECTS, 10, new ObjectLabels());
        addColumn(columns, COL_COMPLETE, 26, new CompleteLabels());

        viewer.setInput(library);
        viewer.addDoubleClickListener(e -> {
            Object element = ((IStructuredSelection) e.getSelection()).getFirstElement();
            if (element instanceof ClusterSnapshots) {
                viewer.setExpandedState(element, !viewer.getExpandedState(element));
            }
        });

        MenuManager menu = new MenuManager();
        Menu contextMenu = menu.createContextMenu(viewer.getControl());
        viewer.getControl().setMenu(contextMenu);
        getSite().registerContextMenu(menu, viewer);
        getSite().setSelectionProvider(viewer);
        getSite().getService(IContextService.class).activateContext(CONTEXT_ID);

        library.addListener(libraryListener);
        if (library.isLoaded()) {
            refresh();
        } else {
            message.setText("Reading the snapshots…");
        }
        library.refresh();
    }

    private void addColumn(TreeColumnLayout layout, String title, int weight, ColumnLabelProvider labels) {
        TreeViewerColumn column = new TreeViewerColumn(viewer, SWT.LEFT);
        column.getColumn().setText(title);
        column.getColumn().setMoveable(true);
        column.setLabelProvider(labels);
        layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, 40, true));
    }

    /** Coalesces bursts of listings into one refresh on the UI thread. */
    private void queueRefresh() {
        if (!refreshQueued.compareAndSet(false, true)) {
            return;
        }
        Display display = viewer.getControl().isDisposed() ? null : viewer.getControl().getDisplay();
        if (display == null) {
            return;
        }
        display.asyncExec(() -> {
            refreshQueued.set(false);
            if (!viewer.getControl().isDisposed()) {
                refresh();
            }
        });
    }

    private void refresh() {
        // A new input rather than refresh(): rows are equal by file or folder, and their manifests may
        // have changed (a rename); new items take the new elements, the selection is kept by equality.
        viewer.setInput(library);
        viewer.expandAll();
        int clusters = library.clusters().size();
        int snapshots = library.clusters().stream().mapToInt(c -> c.snapshots().size()).sum();
        if (snapshots == 0) {
            message.setText("No snapshots yet: select a cluster and use Capture Snapshot (Ctrl+Alt+S), "
                    + "or import a .ktsnap file.");
        } else {
            message.setText(snapshots + (snapshots == 1 ? " snapshot" : " snapshots") + " of " + clusters
                    + (clusters == 1 ? " cluster" : " clusters") + ". Select two and compare them with Ctrl+Alt+C.");
        }
        message.setToolTipText("Kept in " + library.root());
        message.getParent().layout(true, true);
    }

    /** The tree's viewer (for tests and commands). */
    public TreeViewer viewer() {
        return viewer;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        if (library != null) {
            library.removeListener(libraryListener);
        }
        super.dispose();
    }

    private final class ContentProvider implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            return library.clusters().toArray();
        }

        @Override
        public Object[] getChildren(Object parent) {
            return parent instanceof ClusterSnapshots cluster ? cluster.snapshots().toArray() : new Object[0];
        }

        @Override
        public Object getParent(Object element) {
            if (element instanceof SnapshotEntry entry) {
                return library.clusters().stream().filter(c -> c.folder().equals(entry.folder())).findFirst()
                        .orElse(null);
            }
            return null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return element instanceof ClusterSnapshots cluster && !cluster.snapshots().isEmpty();
        }
    }

    private static final class NameLabels extends ColumnLabelProvider {
        @Override
        public String getText(Object element) {
            if (element instanceof ClusterSnapshots cluster) {
                return cluster.clusterName();
            }
            return element instanceof SnapshotEntry entry ? entry.name() : "";
        }

        @Override
        public Image getImage(Object element) {
            if (element instanceof ClusterSnapshots) {
                return Images.get(Images.CLUSTERS);
            }
            if (element instanceof SnapshotEntry entry) {
                if (!entry.isReadable()) {
                    return Images.get(Images.FAILED);
                }
                return SnapshotImages.get(entry.manifest().isComplete() ? SnapshotImages.SNAPSHOT
                        : SnapshotImages.SNAPSHOT_PARTIAL);
            }
            return null;
        }

        @Override
        public String getToolTipText(Object element) {
            if (element instanceof ClusterSnapshots cluster) {
                return "Snapshots of " + cluster.clusterName();
            }
            if (element instanceof SnapshotEntry entry) {
                return entry.isReadable() ? SnapshotLabels.describe(entry.manifest()) + "\n\n" + entry.file()
                        : entry.file() + "\ncannot be read: " + entry.problem();
            }
            return null;
        }
    }

    private static final class CapturedLabels extends ColumnLabelProvider {
        @Override
        public String getText(Object element) {
            if (element instanceof ClusterSnapshots cluster) {
                int n = cluster.snapshots().size();
                return n + (n == 1 ? " snapshot" : " snapshots");
            }
            return element instanceof SnapshotEntry entry && entry.isReadable()
                    ? SnapshotLabels.time(entry.manifest().captureStart()) : "";
        }
    }

    private static final class SizeLabels extends ColumnLabelProvider {
        @Override
        public String getText(Object element) {
            if (element instanceof ClusterSnapshots cluster) {
                return SnapshotLabels.size(cluster.snapshots().stream().mapToLong(e -> Math.max(0, e.size())).sum());
            }
            return element instanceof SnapshotEntry entry ? SnapshotLabels.size(entry.size()) : "";
        }
    }

    private static final class ObjectLabels extends ColumnLabelProvider {
        @Override
        public String getText(Object element) {
            if (element instanceof SnapshotEntry entry && entry.isReadable()) {
                long count = SnapshotLabels.objectCount(entry.manifest());
                return count < 0 ? "" : Long.toString(count);
            }
            return "";
        }
    }

    private static final class CompleteLabels extends ColumnLabelProvider {
        @Override
        public String getText(Object element) {
            if (element instanceof SnapshotEntry entry) {
                return entry.isReadable() ? SnapshotLabels.completeness(entry.manifest())
                        : "unreadable: " + entry.problem();
            }
            return "";
        }

        @Override
        public Color getForeground(Object element) {
            if (element instanceof SnapshotEntry entry && !entry.isReadable()) {
                return Display.getCurrent().getSystemColor(SWT.COLOR_DARK_RED);
            }
            if (element instanceof SnapshotEntry entry && !entry.manifest().isComplete()) {
                return Display.getCurrent().getSystemColor(SWT.COLOR_DARK_YELLOW);
            }
            return null;
        }

        @Override
        public String getToolTipText(Object element) {
            if (element instanceof SnapshotEntry entry) {
                return entry.isReadable() ? SnapshotLabels.completenessDetails(entry.manifest())
                        : entry.file() + "\ncannot be read: " + entry.problem();
            }
            return null;
        }
    }
}
