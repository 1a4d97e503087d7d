package io.kubetriage.ui.internal.etcd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.layout.TreeColumnLayout;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.ILazyTreeContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swtchart.Chart;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.part.ViewPart;
import org.eclipse.ui.progress.IWorkbenchSiteProgressService;

import io.kubetriage.connector.etcd.keys.KeyRevision;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.ui.internal.compare.TextCompareInput;
import io.kubetriage.ui.internal.TestIds;
import io.kubetriage.ui.internal.snapshots.ClusterSnapshots;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;
import io.kubetriage.ui.internal.snapshots.SnapshotLibrary;

/**
 * The keys of an etcd store, read from a backup file or from a cluster's etcd: on the left the keys
 * under {@code /registry/} by resource, namespace and name (a lazy tree, with a filter); on the
 * right the selected key's revisions and lease, its value decoded as YAML, and its history, newest
 * first, down to the compaction. Two revisions of the history compare side by side. A second tab
 * charts when the keys were last modified and the store's revision against the resourceVersions
 * objects and clients carry, where a restore from an old backup shows as a red gap.
 */
public final class EtcdRevisionsView extends ViewPart {

    public static final String ID = EtcdIds.VIEW_ID;
    /** Active while the view is: F5 reads the keys again. */
    public static final String CONTEXT_ID = "io.kubetriage.ui.contexts.etcd";

    private static final String HINT = "Open an etcd backup (File → Open etcd Backup…, Ctrl+Alt+O), or select a"
            + " cluster with etcd endpoints and use Show etcd Keys (Ctrl+Alt+K).";
    private static final int FILTER_DELAY_MILLIS = 250;
    private static final int EXPAND_ALL_UP_TO = 200;
    private static final int SNAPSHOTS_CONSULTED = 3;

    private Label source;
    private CTabFolder tabs;
    private Text filter;
    private TreeViewer tree;
    private Text details;
    private Label valueTitle;
    private StyledText value;
    private Label historyMessage;
    private TableViewer history;
    private Button compare;
    private RevisionCharts charts;
    private final Runnable filterLater = this::applyFilter;

    private EtcdSource current;
    private EtcdSection section;
    private KeyTree.Group root;
    private KeyTree.Leaf shownLeaf;
    private List<KeyRevision> shownHistory = List.of();
    private int generation;
    private Job loadJob;
    private Job historyJob;

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(parent);
        source = new Label(parent, SWT.WRAP);
        source.setData(TestIds.KEY, EtcdIds.SOURCE);
        source.setText(HINT);
        GridDataFactory.fillDefaults().grab(true, false).indent(4, 2).applyTo(source);

        tabs = new CTabFolder(parent, SWT.BOTTOM | SWT.FLAT);
        tabs.setData(TestIds.KEY, EtcdIds.TABS);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(tabs);

        CTabItem keysTab = new CTabItem(tabs, SWT.NONE);
        keysTab.setText("Keys");
        keysTab.setControl(createKeysArea(tabs));
        CTabItem chartsTab = new CTabItem(tabs, SWT.NONE);
        chartsTab.setText("Revision Charts");
        Composite chartArea = new Composite(tabs, SWT.NONE);
        chartArea.setLayout(new org.eclipse.swt.layout.FillLayout());
        charts = new RevisionCharts(chartArea);
        chartsTab.setControl(chartArea);
        tabs.setSelection(keysTab);

        getSite().setSelectionProvider(tree);
        getSite().getService(IContextService.class).activateContext(CONTEXT_ID);
        showNoKey();
    }

    private Composite createKeysArea(Composite parent) {
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);

        Composite left = new Composite(sash, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(left);
        filter = new Text(left, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
        filter.setMessage("Filter keys (part of a key, e.g. shop/web)");
        filter.setData(TestIds.KEY, EtcdIds.FILTER);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(filter);
        filter.addModifyListener(e -> {
            Display display = filter.getDisplay();
            display.timerExec(-1, filterLater);
            display.timerExec(FILTER_DELAY_MILLIS, filterLater);
        });

        Composite treeHolder = new Composite(left, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(treeHolder);
        TreeColumnLayout treeColumns = new TreeColumnLayout();
        treeHolder.setLayout(treeColumns);
        tree = new TreeViewer(treeHolder, SWT.VIRTUAL | SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        tree.getTree().setData(TestIds.KEY, EtcdIds.TREE);
        tree.getTree().setHeaderVisible(true);
        tree.setUseHashlookup(true);
        tree.setContentProvider(new LazyKeys());
        TreeViewerColumn name = new TreeViewerColumn(tree, SWT.LEFT);
        name.getColumn().setText("Key");
        name.setLabelProvider(new KeyNameLabels());
        treeColumns.setColumnData(name.getColumn(), new ColumnWeightData(75, 120, true));
        TreeViewerColumn modRevision = new TreeViewerColumn(tree, SWT.RIGHT);
        modRevision.getColumn().setText("Mod revision");
        modRevision.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return element instanceof KeyTree.Leaf leaf ? Long.toString(leaf.info().modRevision()) : "";
            }
        });
        treeColumns.setColumnData(modRevision.getColumn(), new ColumnWeightData(25, 60, true));
        tree.addSelectionChangedListener(e -> {
            Object element = e.getStructuredSelection().getFirstElement();
            if (element instanceof KeyTree.Leaf leaf) {
                showKey(leaf);
            } else if (shownLeaf != null) {
                showNoKey();
            }
        });
        tree.addDoubleClickListener(e -> {
            Object element = ((IStructuredSelection) e.getSelection()).getFirstElement();
            if (element instanceof KeyTree.Group group) {
                tree.setExpandedState(group, !tree.getExpandedState(group));
            }
        });

        SashForm right = new SashForm(sash, SWT.VERTICAL);
        Composite top = new Composite(right, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(4, 0).spacing(0, 4).applyTo(top);
        details = new Text(top, SWT.READ_ONLY | SWT.WRAP | SWT.MULTI);
        details.setData(TestIds.KEY, EtcdIds.DETAILS);
        GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(details);
        valueTitle = new Label(top, SWT.NONE);
        valueTitle.setData(TestIds.KEY, EtcdIds.VALUE_TITLE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(valueTitle);
        value = new StyledText(top, SWT.READ_ONLY | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        value.setData(TestIds.KEY, EtcdIds.VALUE);
        value.setFont(JFaceResources.getTextFont());
        GridDataFactory.fillDefaults().grab(true, true).applyTo(value);

        Composite bottom = new Composite(right, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(4, 0).numColumns(2).applyTo(bottom);
        historyMessage = new Label(bottom, SWT.WRAP);
        historyMessage.setData(TestIds.KEY, EtcdIds.HISTORY_MESSAGE);
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(historyMessage);
        compare = new Button(bottom, SWT.PUSH);
        compare.setText("&Compare Revisions");
        compare.setToolTipText("Compare the two selected revisions side by side (or double-click a revision to"
                + " compare it with the one before)");
        compare.setImage(EtcdImages.get(EtcdImages.COMPARE));
        compare.setData(TestIds.KEY, EtcdIds.COMPARE);
        compare.setEnabled(false);
        compare.addListener(SWT.Selection, e -> compareSelectedRevisions());

        Composite tableHolder = new Composite(bottom, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).span(2, 1).applyTo(tableHolder);
        TableColumnLayout tableColumns = new TableColumnLayout();
        tableHolder.setLayout(tableColumns);
        history = new TableViewer(tableHolder, SWT.MULTI | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.BORDER);
        history.getTable().setData(TestIds.KEY, EtcdIds.HISTORY);
        history.getTable().setHeaderVisible(true);
        history.getTable().setLinesVisible(true);
        history.setContentProvider(ArrayContentProvider.getInstance());
        historyColumn(tableColumns, EtcdIds.COL_REVISION, 28, SWT.LEFT, r -> r.compactedMarker()
                ? EtcdIds.COMPACTED_AT + r.modRevision() : Long.toString(r.modRevision()));
        historyColumn(tableColumns, EtcdIds.COL_CHANGE, 30, SWT.LEFT, EtcdRevisionsView::change);
        historyColumn(tableColumns, EtcdIds.COL_VERSION, 12, SWT.RIGHT,
                r -> r.kind() == KeyRevision.Kind.PUT ? Long.toString(r.version()) : "");
        historyColumn(tableColumns, EtcdIds.COL_CREATED, 15, SWT.RIGHT,
                r -> r.kind() == KeyRevision.Kind.PUT ? Long.toString(r.createRevision()) : "");
        historyColumn(tableColumns, EtcdIds.COL_SIZE, 15, SWT.RIGHT,
                r -> r.kind() == KeyRevision.Kind.PUT ? size(r.value().length) : "");
        history.addSelectionChangedListener(e -> historySelected());
        history.addDoubleClickListener(e -> compareWithPrevious());

        right.setWeights(55, 45);
        sash.setWeights(40, 60);
        return sash;
    }

    private interface Cell {
        String text(KeyRevision revision);
    }

    private void historyColumn(TableColumnLayout layout, String title, int weight, int align, Cell cell) {
        TableViewerColumn column = new TableViewerColumn(history, align);
        column.getColumn().setText(title);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return element instanceof KeyRevision r ? cell.text(r) : "";
            }

            @Override
            public Color getForeground(Object element) {
                return element instanceof KeyRevision r && r.kind() != KeyRevision.Kind.PUT
                        ? Display.getCurrent().getSystemColor(SWT.COLOR_DARK_GRAY) : null;
            }
        });
        layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, 50, true));
    }

    private static String change(KeyRevision r) {
        return switch (r.kind()) {
            case PUT -> r.version() == 1 ? "created" : "updated";
            case DELETED -> "deleted";
            case COMPACTED -> "older revisions are gone";
        };
    }

    private static String size(long bytes) {
        return bytes < 10_000 ? bytes + " B" : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    // ---------------------------------------------------------------- sources

    /** Reads the keys of a backup file in a job and shows them; returns the job (scheduled). */
    public Job openBackup(Path file) {
        return load(EtcdSource.backup(file));
    }

    /**
     * Reads the keys of a cluster's etcd in a job and shows them; returns the job (scheduled).
     *
     * @param password the etcd password, or null; copied
     */
    public Job showLive(String clusterName, EtcdEndpoints endpoints, char[] password) {
        return load(EtcdSource.live(clusterName, endpoints, password));
    }

    /**
     * Reads the etcd keys a snapshot captured in a job and shows them; returns the job (scheduled).
     * The chart compares their revision with the resourceVersions of the cluster's snapshots.
     */
    public Job showSnapshot(Path file, String snapshotName, String clusterName) {
        return load(EtcdSource.captured(file, snapshotName, clusterName));
    }

    /** Reads the keys of the source shown again; null when none is shown. */
    public Job reload() {
        return current == null ? null : load(current);
    }

    /** The source shown, or null. */
    public EtcdSource source() {
        return current;
    }

    private Job load(EtcdSource newSource) {
        cancel(loadJob);
        cancel(historyJob);
        current = newSource;
        int loading = ++generation;
        section = null;
        root = null;
        tree.setInput(null);
        showNoKey();
        setSourceText("Reading the keys of " + newSource.describe() + "…", false);
        setContentDescription("");
        setPartName("etcd Revisions: " + newSource.name());
        setTitleToolTip(newSource.describe());
        charts.clear("Reading the keys…");
        String filterText = filter.getText();
        Display display = tree.getControl().getDisplay();
        loadJob = new EtcdJob("Reading etcd keys of " + newSource.name()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                SubMonitor progress = SubMonitor.convert(monitor, "Reading the keys of " + newSource.describe(), 10);
                EtcdSection read;
                KeyTree.Group built;
                RevisionStats stats;
                try {
                    read = newSource.read(progress.split(7));
                    progress.subTask("Grouping " + read.keys().size() + " keys");
                    built = KeyTree.build(read, filterText);
                    stats = RevisionStats.of(read);
                    progress.split(1);
                    if (newSource instanceof EtcdSource.Live live) {
                        stats = withSeenBySnapshots(stats, live.clusterName(), progress.split(2));
                    } else if (newSource instanceof EtcdSource.Captured captured) {
                        stats = withSeenBySnapshots(stats, captured.clusterName(), progress.split(2));
                    }
                } catch (OperationCanceledException e) {
                    later(display, () -> {
                        if (loading == generation) {
                            setSourceText("Reading the keys of " + newSource.describe() + " was cancelled.", false);
                            charts.clear("Nothing read.");
                        }
                    });
                    return Status.CANCEL_STATUS;
                } catch (EtcdSourceException e) {
                    later(display, () -> {
                        if (loading == generation) {
                            setSourceText(e.getMessage(), true);
                            charts.clear("Nothing read.");
                        }
                    });
                    return Status.OK_STATUS;
                }
                EtcdSection shown = read;
                RevisionStats shownStats = stats;
                later(display, () -> {
                    if (loading == generation) {
                        showSection(shown, built, filterText, shownStats);
                    }
                });
                return Status.OK_STATUS;
            }
        };
        getSite().getService(IWorkbenchSiteProgressService.class).schedule(loadJob, 0, true);
        return loadJob;
    }

    /**
     * The highest resourceVersion among the objects of the cluster's newest snapshots: what clients
     * of the cluster have seen at least. A store behind it went back in time.
     */
    private static RevisionStats withSeenBySnapshots(RevisionStats stats, String clusterName, IProgressMonitor monitor) {
        SnapshotLibrary library = SnapshotLibrary.getDefault();
        List<SnapshotEntry> entries = new ArrayList<>();
        for (ClusterSnapshots cluster : library.clusters()) {
            if (cluster.clusterName().equals(clusterName)) {
                cluster.snapshots().stream().filter(SnapshotEntry::isReadable).limit(SNAPSHOTS_CONSULTED)
                        .forEach(entries::add);
            }
        }
        SubMonitor progress = SubMonitor.convert(monitor, "Reading the snapshots of " + clusterName, entries.size());
        long best = 0;
        String from = null;
        for (SnapshotEntry entry : entries) {
            progress.subTask("Reading snapshot " + entry.name());
            try {
                long max = SnapshotStore.read(entry.file()).maxResourceVersion();
                if (max > best) {
                    best = max;
                    from = "the objects of snapshot '" + entry.name() + "'";
                }
            } catch (IOException | SnapshotFormatException e) {
                // an unreadable snapshot tells nothing; the Snapshots view marks it
            }
            progress.split(1);
        }
        return best > 0 ? stats.withSeen(best, from) : stats;
    }

    private void showSection(EtcdSection read, KeyTree.Group built, String filterText, RevisionStats stats) {
        section = read;
        long values = read.valueCount();
        StringBuilder text = new StringBuilder(current.describe()).append(" · revision ").append(read.revision());
        if (read.compactRevision() > 0) {
            text.append(" · compacted at ").append(read.compactRevision());
        }
        text.append(" · ").append(read.keys().size()).append(read.keys().size() == 1 ? " key" : " keys")
                .append(" under /registry/");
        if (values < read.keys().size()) {
            text.append(" (").append(values).append(" with values)");
        }
        setSourceText(text.toString(), false);
        setContentDescription("");
        if (filterText.equals(filter.getText())) {
            showTree(built);
        } else {
            applyFilter();
        }
        charts.show(stats);
    }

    private void applyFilter() {
        if (section == null || tree.getControl().isDisposed()) {
            return;
        }
        showTree(KeyTree.build(section, filter.getText()));
    }

    private void showTree(KeyTree.Group built) {
        String selectedKey = shownLeaf == null ? null : shownLeaf.key();
        root = built;
        tree.getTree().setRedraw(false);
        try {
            tree.setInput(built);
            if (!filter.getText().isBlank() && built.keyCount() <= EXPAND_ALL_UP_TO) {
                tree.expandAll();
            }
        } finally {
            tree.getTree().setRedraw(true);
        }
        KeyTree.Leaf again = selectedKey == null ? null : KeyTree.find(built, selectedKey);
        if (again != null) {
            tree.setSelection(new StructuredSelection(again), true);
        } else if (shownLeaf != null) {
            showNoKey();
        }
    }

    private void setSourceText(String text, boolean error) {
        source.setText(text);
        source.setForeground(error ? source.getDisplay().getSystemColor(SWT.COLOR_RED) : null);
        source.getParent().layout(true);
    }

    // ---------------------------------------------------------------- the selected key

    /** Selects the key in the tree (opening its groups) and shows it; false when it is not listed. */
    public boolean selectKey(String key) {
        KeyTree.Leaf leaf = root == null ? null : KeyTree.find(root, key);
        if (leaf == null) {
            return false;
        }
        tree.setSelection(new StructuredSelection(leaf), true);
        if (shownLeaf != leaf) {
            showKey(leaf);
        }
        return true;
    }

    private void showNoKey() {
        cancel(historyJob);
        shownLeaf = null;
        shownHistory = List.of();
        details.setText(section == null ? "" : "Select a key to see its revisions, value and history.");
        valueTitle.setText("Value");
        value.setText("");
        historyMessage.setText("History");
        history.setInput(List.of());
        compare.setEnabled(false);
    }

    private void showKey(KeyTree.Leaf leaf) {
        if (leaf == shownLeaf) {
            return;
        }
        cancel(historyJob);
        shownLeaf = leaf;
        shownHistory = List.of();
        EtcdKeyInfo info = leaf.info();
        details.setText(info.key() + "\ncreate revision " + info.createRevision() + " · mod revision "
                + info.modRevision() + " · version " + info.version() + " · lease "
                + (info.lease() == 0 ? "none" : Long.toHexString(info.lease())) + " · "
                + (info.valueSize() < 0 ? "size not known" : size(info.valueSize())));
        showValue("Value at mod revision " + info.modRevision() + " (" + KeyValues.encoding(info.key(), info.value())
                + ", shown as YAML)", KeyValues.yaml(info.key(), info.value(), info.modRevision()));
        details.getParent().layout(true);
        history.setInput(List.of());
        compare.setEnabled(false);
        historyMessage.setText("Reading the history of " + leaf.name() + "…");
        loadHistory(leaf);
    }

    private void showValue(String title, String text) {
        valueTitle.setText(title);
        value.setText(text);
        value.setTopIndex(0);
    }

    private void loadHistory(KeyTree.Leaf leaf) {
        EtcdSource from = current;
        int loading = generation;
        Display display = tree.getControl().getDisplay();
        String key = leaf.key();
        historyJob = new EtcdJob("Reading the history of " + key) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    List<KeyRevision> revisions = from.history(key, monitor);
                    later(display, () -> {
                        if (loading == generation && shownLeaf == leaf) {
                            showHistory(revisions);
                        }
                    });
                } catch (OperationCanceledException e) {
                    return Status.CANCEL_STATUS;
                } catch (EtcdSourceException e) {
                    later(display, () -> {
                        if (loading == generation && shownLeaf == leaf) {
                            historyMessage.setText(e.getMessage());
                        }
                    });
                }
                return Status.OK_STATUS;
            }
        };
        getSite().getService(IWorkbenchSiteProgressService.class).schedule(historyJob, 0, false);
    }

    private void showHistory(List<KeyRevision> revisions) {
        shownHistory = List.copyOf(revisions);
        history.setInput(shownHistory);
        long versions = revisions.stream().filter(r -> r.kind() == KeyRevision.Kind.PUT).count();
        long deletions = revisions.stream().filter(KeyRevision::deleted).count();
        StringBuilder text = new StringBuilder("History: ").append(versions)
                .append(versions == 1 ? " revision" : " revisions");
        if (deletions > 0) {
            text.append(", ").append(deletions).append(deletions == 1 ? " deletion" : " deletions");
        }
        revisions.stream().filter(KeyRevision::compactedMarker).findFirst()
                .ifPresent(c -> text.append("; etcd was compacted at revision ").append(c.modRevision())
                        .append(", older revisions are gone"));
        text.append(versions > 1 ? ". Select two to compare them." : ".");
        historyMessage.setText(text.toString());
        historyMessage.getParent().layout(true);
    }

    private List<KeyRevision> selectedVersions() {
        List<KeyRevision> selected = new ArrayList<>();
        for (Object element : history.getStructuredSelection()) {
            if (element instanceof KeyRevision r && r.kind() == KeyRevision.Kind.PUT) {
                selected.add(r);
            }
        }
        return selected;
    }

    private void historySelected() {
        IStructuredSelection selection = history.getStructuredSelection();
        List<KeyRevision> versions = selectedVersions();
        compare.setEnabled(versions.size() == 2 && selection.size() == 2);
        if (selection.size() == 1 && shownLeaf != null && selection.getFirstElement() instanceof KeyRevision r) {
            String key = shownLeaf.key();
            switch (r.kind()) {
                case PUT -> showValue("Value at revision " + r.modRevision() + " (version " + r.version() + ")",
                        KeyValues.yaml(key, r.value(), r.modRevision()));
                case DELETED -> showValue("Deleted at revision " + r.modRevision(),
                        "# The key was deleted at revision " + r.modRevision() + ".\n");
                case COMPACTED -> showValue("Compacted at revision " + r.modRevision(),
                        "# etcd was compacted at revision " + r.modRevision()
                                + ": the revisions of this key before it are gone.\n");
            }
        }
    }

    /** Opens the compare editor on the two selected revisions, the older on the left; false when two are not selected. */
    public boolean compareSelectedRevisions() {
        List<KeyRevision> versions = selectedVersions();
        if (versions.size() != 2 || shownLeaf == null) {
            return false;
        }
        versions.sort(Comparator.comparingLong(KeyRevision::modRevision));
        openCompare(versions.get(0), versions.get(1));
        return true;
    }

    /** Compares the double-clicked revision with the version before it, when there is one. */
    private void compareWithPrevious() {
        if (!(history.getStructuredSelection().getFirstElement() instanceof KeyRevision r)
                || r.kind() != KeyRevision.Kind.PUT || shownLeaf == null) {
            return;
        }
        int index = shownHistory.indexOf(r);
        for (int i = index + 1; i < shownHistory.size(); i++) {
            if (shownHistory.get(i).kind() == KeyRevision.Kind.PUT) {
                openCompare(shownHistory.get(i), r);
                return;
            }
        }
    }

    private void openCompare(KeyRevision older, KeyRevision newer) {
        String key = shownLeaf.key();
        TextCompareInput.open(getSite().getPage(),
                shownLeaf.name() + ": revision " + older.modRevision() + " ↔ " + newer.modRevision(),
                key + " at revisions " + older.modRevision() + " and " + newer.modRevision() + " ("
                        + current.describe() + ")",
                new TextCompareInput.Side(label(older), KeyValues.yaml(key, older.value(), older.modRevision())),
                new TextCompareInput.Side(label(newer), KeyValues.yaml(key, newer.value(), newer.modRevision())));
    }

    private static String label(KeyRevision r) {
        return "Revision " + r.modRevision() + " (version " + r.version() + ")";
    }

    // ---------------------------------------------------------------- for tests and commands

    /** The key tree's viewer. */
    public TreeViewer viewer() {
        return tree;
    }

    /** The history table's viewer. */
    public TableViewer historyViewer() {
        return history;
    }

    /** The chart of last-modified revisions per resource type. */
    public Chart revisionsChart() {
        return charts.revisionsChart();
    }

    /** The chart of the store's revision against the resourceVersions seen. */
    public Chart gapChart() {
        return charts.gapChart();
    }

    /** Shows the charts' tab (index 1) or the keys' tab (index 0). */
    public void showTab(int index) {
        tabs.setSelection(index);
    }

    @Override
    public void setFocus() {
        tree.getControl().setFocus();
    }

    @Override
    public void dispose() {
        cancel(loadJob);
        cancel(historyJob);
        super.dispose();
    }

    private static void cancel(Job job) {
        if (job != null) {
            job.cancel();
        }
    }

    /** Runs on the UI thread unless the workbench is gone; the runnable checks its own widgets. */
    private void later(Display display, Runnable runnable) {
        if (display.isDisposed()) {
            return;
        }
        display.asyncExec(() -> {
            if (!tree.getControl().isDisposed()) {
                runnable.run();
            }
        });
    }

    /** A job of the etcd views, in their family. */
    abstract static class EtcdJob extends Job {
        EtcdJob(String name) {
            super(name);
        }

        @Override
        public boolean belongsTo(Object family) {
            return family == EtcdIds.JOB_FAMILY;
        }
    }

    // ---------------------------------------------------------------- tree providers

    /** Hands the tree one child at a time, so that large groups cost nothing until they are scrolled. */
    private final class LazyKeys implements ILazyTreeContentProvider {
        @Override
        public void updateElement(Object parent, int index) {
            if (parent instanceof KeyTree.Group group && index < group.children().size()) {
                KeyTree.Node child = group.children().get(index);
                tree.replace(parent, index, child);
                tree.setChildCount(child, child instanceof KeyTree.Group g ? g.children().size() : 0);
            }
        }

        @Override
        public void updateChildCount(Object element, int currentChildCount) {
            int count = element instanceof KeyTree.Group group ? group.children().size() : 0;
            if (count != currentChildCount) {
                tree.setChildCount(element, count);
            }
        }

        @Override
        public Object getParent(Object element) {
            return element instanceof KeyTree.Node node ? node.parent() : null;
        }
    }

    private static final class KeyNameLabels extends ColumnLabelProvider {
        @Override
        public String getText(Object element) {
            if (element instanceof KeyTree.Group group) {
                return group.label();
            }
            return element instanceof KeyTree.Leaf leaf ? leaf.name() : "";
        }

        @Override
        public Image getImage(Object element) {
            if (element instanceof KeyTree.Group group) {
                return EtcdImages.get(group.isResource() ? EtcdImages.RESOURCE : EtcdImages.NAMESPACE);
            }
            return element instanceof KeyTree.Leaf ? EtcdImages.get(EtcdImages.KEY) : null;
        }

        @Override
        public String getToolTipText(Object element) {
            return element instanceof KeyTree.Leaf leaf ? leaf.key() : null;
        }
    }
}
