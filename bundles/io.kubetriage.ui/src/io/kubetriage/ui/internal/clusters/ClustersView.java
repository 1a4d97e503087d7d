package io.kubetriage.ui.internal.clusters;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.layout.TreeColumnLayout;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.ColumnWeightData;
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
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.part.ViewPart;

import io.kubetriage.core.cluster.ClusterConnectionStatus;
import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.cluster.ClusterInfo;
import io.kubetriage.core.cluster.ClusterRegistryListener;
import io.kubetriage.core.cluster.ConnectionState;
import io.kubetriage.ui.internal.Images;
import io.kubetriage.ui.internal.KubetriageUiPlugin;
import io.kubetriage.ui.internal.TestIds;

/**
 * Every context of every kubeconfig file, grouped by file, with its connection state, server
 * version, node and namespace counts and etcd status. A file that cannot be read shows why on its
 * own row.
 */
public final class ClustersView extends ViewPart {

    public static final String ID = "io.kubetriage.ui.views.clusters";
    public static final String TREE_ID = "clusters.tree";
    public static final String MESSAGE_ID = "clusters.message";

    /** Column titles, also used by tests to find cells. */
    public static final String COL_NAME = "Cluster";
    public static final String COL_STATE = "State";
    public static final String COL_SERVER = "Server";
    public static final String COL_USER = "User";
    public static final String COL_NAMESPACE = "Namespace";
    public static final String COL_VERSION = "Version";
    public static final String COL_NODES = "Nodes";
    public static final String COL_NAMESPACES = "Namespaces";
    public static final String COL_ETCD = "etcd";

    private ClusterSession session;
    private TreeViewer viewer;
    private Label message;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final ClusterRegistryListener registryListener = e -> queueRefresh();
    private final Runnable filesListener = this::queueRefresh;

    @Override
    public void createPartControl(Composite parent) {
        session = KubetriageUiPlugin.getDefault().clusterSession();
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

        addColumn(columns, COL_NAME, 14, new NameLabels());
        addColumn(columns, COL_STATE, 28, new StateLabels());
        addColumn(columns, COL_SERVER, 16, cluster(d -> nullToEmpty(d.context().serverUrl())));
        addColumn(columns, COL_USER, 8, cluster(d -> nullToEmpty(d.context().userName())));
        addColumn(columns, COL_NAMESPACE, 8, cluster(d -> d.context().namespace()));
        addColumn(columns, COL_VERSION, 7, info(ClusterInfo::serverVersion));
        addColumn(columns, COL_NODES, 5, info(i -> Integer.toString(i.nodeCount())));
        addColumn(columns, COL_NAMESPACES, 8, info(i -> Integer.toString(i.namespaceCount())));
        addColumn(columns, COL_ETCD, 30, new EtcdLabels());

        viewer.setInput(session);
        viewer.addDoubleClickListener(e -> runCommand("io.kubetriage.ui.commands.connect"));

        MenuManager menu = new MenuManager();
        Menu contextMenu = menu.createContextMenu(viewer.getControl());
        viewer.getControl().setMenu(contextMenu);
        getSite().registerContextMenu(menu, viewer);
        getSite().setSelectionProvider(viewer);

        session.registry().addListener(registryListener);
        session.addFilesListener(filesListener);
        if (session.isLoaded()) {
            refresh();
        } else {
            message.setText("Reading kubeconfig files…");
            session.reload();
        }
    }

    private void addColumn(TreeColumnLayout layout, String title, int weight, ColumnLabelProvider labels) {
        TreeViewerColumn column = new TreeViewerColumn(viewer, SWT.LEFT);
        column.getColumn().setText(title);
        column.getColumn().setMoveable(true);
        column.setLabelProvider(labels);
        layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, 60, true));
    }

    private void runCommand(String commandId) {
        try {
            getSite().getService(IHandlerService.class).executeCommand(commandId, null);
        } catch (Exception e) {
            KubetriageUiPlugin.logError("Could not run " + commandId, e);
        }
    }

    /** Coalesces bursts of registry events (ten clusters connecting) into one refresh. */
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
        viewer.refresh(true);
        viewer.expandAll();
        List<KubeconfigFileEntry> files = session.files();
        if (files.isEmpty()) {
            message.setText("No kubeconfig found: set KUBECONFIG, create ~/.kube/config, or use File → Add Kubeconfig File…");
        } else {
            int clusters = session.registry().all().size();
            message.setText(clusters + (clusters == 1 ? " cluster" : " clusters") + " in " + files.size()
                    + (files.size() == 1 ? " kubeconfig file" : " kubeconfig files")
                    + ". Connect with Ctrl+Shift+C or a double click.");
        }
        message.getParent().layout(true, true);
    }

    /** The tree's current cluster rows, in order (for tests and commands). */
    public TreeViewer viewer() {
        return viewer;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        if (session != null) {
            session.registry().removeListener(registryListener);
            session.removeFilesListener(filesListener);
        }
        super.dispose();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private final class ContentProvider implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            return session.files().toArray();
        }

        @Override
        public Object[] getChildren(Object parent) {
            if (parent instanceof KubeconfigFileEntry file) {
                return session.registry().all().stream()
                        .filter(d -> d.context().sourceFile().equals(file.file()))
                        .map(d -> new ClusterNode(d.id()))
                        .toArray();
            }
            return new Object[0];
        }

        @Override
        public Object getParent(Object element) {
            return null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return element instanceof KubeconfigFileEntry file && file.error() == null;
        }
    }

    private ClusterDescriptor descriptor(Object element) {
        return element instanceof ClusterNode node ? session.registry().get(node.id()).orElse(null) : null;
    }

    private ClusterConnectionStatus status(Object element) {
        return element instanceof ClusterNode node ? session.registry().status(node.id()).orElse(null) : null;
    }

    private ColumnLabelProvider cluster(Function<ClusterDescriptor, String> text) {
        return new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                ClusterDescriptor d = descriptor(element);
                return d == null ? "" : text.apply(d);
            }
        };
    }

    private ColumnLabelProvider info(Function<ClusterInfo, String> text) {
        return new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                ClusterConnectionStatus s = status(element);
                return s == null || s.info() == null ? "" : text.apply(s.info());
            }
        };
    }

    private final class NameLabels extends ColumnLabelProvider {
        @Override
        public String getText(Object element) {
            if (element instanceof KubeconfigFileEntry file) {
                return file.file().toString() + (file.userAdded() ? "  (added)" : "");
            }
            ClusterDescriptor d = descriptor(element);
            if (d == null) {
                return "";
            }
            return d.name() + (d.readOnly() ? "  [read-only]" : "");
        }

        @Override
        public Image getImage(Object element) {
            if (element instanceof KubeconfigFileEntry file) {
                return Images.get(file.error() == null ? Images.KUBECONFIG : Images.FAILED);
            }
            return null;
        }

        @Override
        public String getToolTipText(Object element) {
            ClusterDescriptor d = descriptor(element);
            return d == null ? null : "Context " + d.name() + " of " + d.context().sourceFile();
        }
    }

    private final class StateLabels extends ColumnLabelProvider {
        @Override
        public String getText(Object element) {
            if (element instanceof KubeconfigFileEntry file) {
                return file.error() == null ? "" : "Unreadable: " + file.error().getMessage();
            }
            ClusterDescriptor d = descriptor(element);
            return d == null ? "" : ClusterLabels.state(d, status(element));
        }

        @Override
        public Image getImage(Object element) {
            ClusterDescriptor d = descriptor(element);
            if (d == null) {
                return null;
            }
            if (!d.context().isUsable()) {
                return Images.get(Images.FAILED);
            }
            ClusterConnectionStatus s = status(element);
            ConnectionState state = s == null ? ConnectionState.DISCONNECTED : s.state();
            return Images.get(switch (state) {
                case CONNECTED -> Images.CONNECTED;
                case CONNECTING -> Images.CONNECTING;
                case FAILED -> Images.FAILED;
                case DISCONNECTED, CANCELLED -> Images.DISCONNECTED;
            });
        }

        @Override
        public Color getForeground(Object element) {
            boolean bad = element instanceof KubeconfigFileEntry file ? file.error() != null
                    : status(element) != null && status(element).state() == ConnectionState.FAILED;
            return bad ? Display.getCurrent().getSystemColor(SWT.COLOR_DARK_RED) : null;
        }

        @Override
        public String getToolTipText(Object element) {
            String text = getText(element);
            return text.isEmpty() ? null : text;
        }
    }

    private final class EtcdLabels extends ColumnLabelProvider {
        @Override
        public String getText(Object element) {
            ClusterDescriptor d = descriptor(element);
            if (d == null) {
                return "";
            }
            return ClusterLabels.etcd(d, session.etcdStatus(d.id()).orElse(null));
        }

        @Override
        public String getToolTipText(Object element) {
            ClusterDescriptor d = descriptor(element);
            if (d == null || d.etcd().isEmpty()) {
                return null;
            }
            return session.etcdStatus(d.id()).map(ClusterLabels::etcdDetails).orElse(d.etcd().get().describe());
        }
    }
}
