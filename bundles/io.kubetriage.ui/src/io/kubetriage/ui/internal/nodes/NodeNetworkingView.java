package io.kubetriage.ui.internal.nodes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;
import org.eclipse.ui.progress.IWorkbenchSiteProgressService;

import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.node.netfilter.iptables.IptablesChain;
import io.kubetriage.core.node.netfilter.iptables.IptablesTable;
import io.kubetriage.core.node.netfilter.ipvs.RealServer;
import io.kubetriage.core.node.netfilter.ipvs.VirtualService;
import io.kubetriage.core.node.section.NodeDataException;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.ui.internal.TestIds;
import io.kubetriage.ui.internal.nodes.NodeFindings.Mark;
import io.kubetriage.ui.internal.nodes.NodeSnapshot.IpvsRow;
import io.kubetriage.ui.internal.nodes.NodeSnapshot.NodeTables;
import io.kubetriage.ui.internal.nodes.NodeSnapshot.RuleRow;

/**
 * What each node of a snapshot would do with a packet to a ClusterIP: its IPVS virtual services
 * with their real servers, next to the Services and ready endpoints of the snapshot, and its
 * iptables rules, chain by chain. Both tables are virtual, so that a node with a hundred thousand
 * rules stays quick, and every row shows the line of the collected file it came from. The rows
 * behind the findings of the snapshot's diagnosis carry the findings' codes (and can be shown
 * alone); a Service port without any virtual service on the node is a row of its own, and findings
 * about the node as a whole show in a banner.
 */
public final class NodeNetworkingView extends ViewPart {

    public static final String ID = NodeIds.VIEW_ID;

    private static final String HINT = "Select a snapshot with node data in the Snapshots view and use Show Node"
            + " Networking.";
    private static final int FILTER_DELAY_MILLIS = 250;
    private static final int MAX_CHAIN_DEPTH = 8;
    private static final String RULES_TOOLTIP = "Double-click a rule that jumps to a chain to open that chain";

    private static final Color RED = new Color(255, 205, 205);
    private static final Color ORANGE = new Color(255, 226, 184);
    private static final Color BANNER = new Color(200, 30, 30);
    private static final Color FINDINGS = new Color(255, 240, 170);
    private static final int IPVS_COL_FINDINGS = 12;
    private static final int RULE_COL_FINDINGS = 5;

    private Label source;
    private Combo nodeCombo;
    private Button findingsOnly;
    private Label findingsBanner;
    private CTabFolder tabs;
    private CTabItem ipvsTab;
    private CTabItem iptablesTab;
    private Label ipvsHeader;
    private Tree ipvsTree;
    private Label banner;
    private Text filter;
    private Table chainTable;
    private Table ruleTable;
    private Label ruleStatus;
    private final Runnable filterLater = this::applyFilter;

    private Path snapshotFile;
    private NodeSnapshot snapshot;
    private final Map<String, NodeTables> parsed = new ConcurrentHashMap<>();
    private NodeTables shown;
    private List<ChainRef> chains = List.of();
    private List<RuleRow> shownRules = List.of();
    private List<IpvsRow> shownIpvsRows = List.of();
    private Reveal pendingReveal;
    private ChainRef shownChain;
    private int generation;
    private Job loadJob;
    private Job parseJob;
    private Job diagnosisJob;
    /** The rule rows filled since the table was last reset: marks that arrive later refresh them. */
    private final List<TableItem> filledRules = new ArrayList<>();
    private int diagnosedGeneration = -1;

    /** A row to select once its node is shown: a line of one of the node's files. */
    private record Reveal(String node, String file, int line) {
    }

    /** A chain of the chain list; the first row (null table) is every rule. */
    record ChainRef(String table, String chain, int rules) {
        String label() {
            return table == null ? NodeIds.ALL_CHAINS : table + " / " + chain + " (" + rules + ")";
        }
    }

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(parent);
        source = new Label(parent, SWT.WRAP);
        source.setData(TestIds.KEY, NodeIds.SOURCE);
        source.setText(HINT);
        GridDataFactory.fillDefaults().grab(true, false).indent(4, 2).hint(300, SWT.DEFAULT).applyTo(source);

        Composite nodeRow = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).margins(4, 0).applyTo(nodeRow);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(nodeRow);
        new Label(nodeRow, SWT.NONE).setText("&Node:");
        nodeCombo = new Combo(nodeRow, SWT.READ_ONLY | SWT.DROP_DOWN);
        nodeCombo.setData(TestIds.KEY, NodeIds.NODE);
        GridDataFactory.fillDefaults().hint(260, SWT.DEFAULT).applyTo(nodeCombo);
        nodeCombo.addListener(SWT.Selection, e -> {
            int i = nodeCombo.getSelectionIndex();
            if (i >= 0) {
                selectNode(nodeCombo.getItem(i));
            }
        });
        findingsOnly = new Button(nodeRow, SWT.CHECK);
        findingsOnly.setText("Only rows with &findings");
        findingsOnly.setToolTipText("Show only the virtual services and rules the findings of the snapshot point at");
        findingsOnly.setData(TestIds.KEY, NodeIds.FINDINGS_ONLY);
        GridDataFactory.fillDefaults().indent(12, 0).applyTo(findingsOnly);
        findingsOnly.addListener(SWT.Selection, e -> {
            showIpvs(shown);
            applyFilter();
        });

        findingsBanner = new Label(parent, SWT.WRAP);
        findingsBanner.setData(TestIds.KEY, NodeIds.FINDINGS_BANNER);
        findingsBanner.setBackground(FINDINGS);
        GridDataFactory.fillDefaults().grab(true, false).hint(300, SWT.DEFAULT).applyTo(findingsBanner);

        tabs = new CTabFolder(parent, SWT.BOTTOM | SWT.FLAT);
        tabs.setData(TestIds.KEY, NodeIds.TABS);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(tabs);
        ipvsTab = new CTabItem(tabs, SWT.NONE);
        ipvsTab.setText(NodeIds.TAB_IPVS);
        ipvsTab.setControl(createIpvsArea(tabs));
        iptablesTab = new CTabItem(tabs, SWT.NONE);
        iptablesTab.setText(NodeIds.TAB_IPTABLES);
        iptablesTab.setControl(createIptablesArea(tabs));
        tabs.setSelection(ipvsTab);
        createContextMenu();
        showNode(null);
    }

    /** One menu on both tables, open to the phases' contributions; the selection is the row under it. */
    private void createContextMenu() {
        RowSelection selection = new RowSelection();
        MenuManager menu = new MenuManager();
        menu.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
        ipvsTree.setMenu(menu.createContextMenu(ipvsTree));
        ruleTable.setMenu(menu.createContextMenu(ruleTable));
        getSite().registerContextMenu(NodeIds.POPUP_ID, menu, selection);
        getSite().setSelectionProvider(selection);
        ipvsTree.addListener(SWT.Selection, e -> selection.changed(selectedRow()));
        ipvsTree.addListener(SWT.FocusIn, e -> selection.changed(selectedRow()));
        ruleTable.addListener(SWT.Selection, e -> selection.changed(selectedRow()));
        ruleTable.addListener(SWT.FocusIn, e -> selection.changed(selectedRow()));
    }

    /**
     * The row selected in the table that has the focus (or was used last): an {@link IpvsRow}, a
     * {@link RuleRow}, or null.
     */
    public Object selectedRow() {
        boolean rulesActive = tabs.getSelection() == iptablesTab;
        if (!rulesActive) {
            TreeItem[] items = ipvsTree.getSelection();
            if (items.length == 1) {
                TreeItem top = items[0].getParentItem() == null ? items[0] : items[0].getParentItem();
                return top.getData() instanceof IpvsRow row ? row : null;
            }
            return null;
        }
        int index = ruleTable.getSelectionIndex();
        return index >= 0 && index < shownRules.size() ? shownRules.get(index) : null;
    }

    private Composite createIpvsArea(Composite parent) {
        Composite area = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(area);
        ipvsHeader = new Label(area, SWT.WRAP);
        ipvsHeader.setData(TestIds.KEY, NodeIds.IPVS_HEADER);
        GridDataFactory.fillDefaults().grab(true, false).indent(4, 2).hint(300, SWT.DEFAULT).applyTo(ipvsHeader);
        ipvsTree = new Tree(area, SWT.VIRTUAL | SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        ipvsTree.setData(TestIds.KEY, NodeIds.IPVS_TREE);
        ipvsTree.setHeaderVisible(true);
        ipvsTree.setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(ipvsTree);
        String[] titles = { NodeIds.COL_VIRTUAL, NodeIds.COL_PROTOCOL, NodeIds.COL_SCHEDULER, NodeIds.COL_PERSISTENCE,
                NodeIds.COL_REAL_SERVERS, NodeIds.COL_WEIGHT, NodeIds.COL_CONNECTIONS, NodeIds.COL_SERVICE,
                NodeIds.COL_ENDPOINTS, NodeIds.COL_STATE, NodeIds.COL_ON_KUBE_IPVS0, NodeIds.COL_LINE,
                NodeIds.COL_FINDINGS };
        int[] widths = { 200, 60, 70, 80, 90, 55, 100, 200, 220, 150, 90, 50, 160 };
        for (int i = 0; i < titles.length; i++) {
            TreeColumn c = new TreeColumn(ipvsTree, i == 11 ? SWT.RIGHT : SWT.LEFT);
            c.setText(titles[i]);
            c.setWidth(widths[i]);
            c.setMoveable(true);
        }
        ipvsTree.addListener(SWT.SetData, e -> fillIpvsItem((TreeItem) e.item, e.index));
        ipvsTree.addListener(SWT.MouseHover, e -> {
            TreeItem item = ipvsTree.getItem(new Point(e.x, e.y));
            ipvsTree.setToolTipText(item == null ? null : tooltipOf(item.getData()));
        });
        return area;
    }

    private Composite createIptablesArea(Composite parent) {
        Composite area = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(area);
        banner = new Label(area, SWT.WRAP);
        banner.setData(TestIds.KEY, NodeIds.IPTABLES_BANNER);
        banner.setBackground(BANNER);
        banner.setForeground(banner.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        banner.setFont(JFaceResources.getBannerFont());
        GridDataFactory.fillDefaults().grab(true, false).hint(300, SWT.DEFAULT).applyTo(banner);

        filter = new Text(area, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
        filter.setMessage("Filter rules: Service name, ClusterIP or chain (e.g. default/kubernetes, 10.233.0.1, KUBE-SVC-)");
        filter.setData(TestIds.KEY, NodeIds.IPTABLES_FILTER);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(filter);
        filter.addModifyListener(e -> {
            Display display = filter.getDisplay();
            display.timerExec(-1, filterLater);
            display.timerExec(FILTER_DELAY_MILLIS, filterLater);
        });

        SashForm sash = new SashForm(area, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        chainTable = new Table(sash, SWT.VIRTUAL | SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.BORDER);
        chainTable.setData(TestIds.KEY, NodeIds.IPTABLES_CHAINS);
        chainTable.setHeaderVisible(true);
        TableColumn chainColumn = new TableColumn(chainTable, SWT.LEFT);
        chainColumn.setText(NodeIds.COL_CHAIN);
        chainColumn.setWidth(260);
        chainTable.addListener(SWT.SetData, e -> {
            if (e.index >= 0 && e.index < chains.size()) {
                ((TableItem) e.item).setText(chains.get(e.index).label());
            }
        });
        chainTable.addListener(SWT.Selection, e -> {
            int index = chainTable.getSelectionIndex();
            if (index >= 0 && index < chains.size()) {
                showChain(chains.get(index));
            }
        });

        Composite right = new Composite(sash, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(right);
        ruleTable = new Table(right, SWT.VIRTUAL | SWT.MULTI | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        ruleTable.setData(TestIds.KEY, NodeIds.IPTABLES_RULES);
        ruleTable.setHeaderVisible(true);
        ruleTable.setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(ruleTable);
        String[] titles = { NodeIds.COL_TABLE, NodeIds.COL_CHAIN, NodeIds.COL_LINE, NodeIds.COL_RULE, NodeIds.COL_TARGET,
                NodeIds.COL_FINDINGS };
        int[] widths = { 60, 220, 55, 520, 240, 160 };
        for (int i = 0; i < titles.length; i++) {
            TableColumn c = new TableColumn(ruleTable, i == 2 ? SWT.RIGHT : SWT.LEFT);
            c.setText(titles[i]);
            c.setWidth(widths[i]);
            c.setMoveable(true);
        }
        ruleTable.setToolTipText(RULES_TOOLTIP);
        // the event's index, not indexOf(item), which searches the items of a large table
        ruleTable.addListener(SWT.SetData, e -> {
            filledRules.add((TableItem) e.item);
            fillRuleItem((TableItem) e.item, e.index);
        });
        ruleTable.addListener(SWT.MouseHover, e -> {
            TableItem item = ruleTable.getItem(new Point(e.x, e.y));
            String findings = item == null ? null : tooltipOf(item.getData());
            ruleTable.setToolTipText(findings == null ? RULES_TOOLTIP : findings);
        });
        ruleTable.addListener(SWT.DefaultSelection, e -> followSelectedRule());
        ruleStatus = new Label(right, SWT.NONE);
        ruleStatus.setData(TestIds.KEY, NodeIds.IPTABLES_STATUS);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(ruleStatus);
        sash.setWeights(25, 75);
        return area;
    }

    @Override
    public void setFocus() {
        nodeCombo.setFocus();
    }

    // ---------------------------------------------------------------- loading

    /** Reads a snapshot's node data in a job and shows its first node; returns the job (scheduled). */
    public Job show(Path file) {
        ViewJobs.cancel(loadJob);
        ViewJobs.cancel(parseJob);
        ViewJobs.cancel(diagnosisJob);
        int loading = ++generation;
        snapshotFile = file;
        snapshot = null;
        parsed.clear();
        nodeCombo.setItems();
        showNode(null);
        source.setText("Reading the node data of " + file.getFileName() + "…");
        setPartName("Node Networking");
        setTitleToolTip(file.toString());
        Display display = source.getDisplay();
        loadJob = new NodeJob("Reading node data of " + file.getFileName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                NodeSnapshot read;
                String problem = null;
                try {
                    read = NodeSnapshot.readUndiagnosed(file, monitor);
                } catch (IOException | SnapshotFormatException | NodeDataException e) {
                    read = null;
                    problem = file.getFileName() + " cannot be read: " + e.getMessage();
                }
                NodeSnapshot result = read;
                String why = problem;
                ViewJobs.later(display, () -> {
                    if (loading == generation) {
                        showSnapshot(result, why);
                    }
                });
                return Status.OK_STATUS;
            }
        };
        getSite().getService(IWorkbenchSiteProgressService.class).schedule(loadJob, 0, true);
        return loadJob;
    }

    /**
     * Diagnoses the snapshot shown, once, after its first node's rows are shown (or at once when it
     * has no node): the rows come first and their marks follow, without the two jobs competing.
     */
    private void diagnoseOnce() {
        NodeSnapshot read = snapshot;
        if (read == null || read.findings() != NodeFindings.PENDING || diagnosedGeneration == generation) {
            return;
        }
        diagnosedGeneration = generation;
        diagnose(read, generation);
    }

    private void diagnose(NodeSnapshot read, int loading) {
        ViewJobs.cancel(diagnosisJob);
        Display display = source.getDisplay();
        diagnosisJob = new NodeJob("Diagnosing snapshot '" + read.snapshotName() + "'") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                NodeFindings found = NodeDiagnosis.of(read);
                if (monitor.isCanceled()) {
                    return Status.CANCEL_STATUS;
                }
                ViewJobs.later(display, () -> {
                    if (loading == generation && snapshot == read) {
                        showFindings(read.withFindings(found));
                    }
                });
                return Status.OK_STATUS;
            }
        };
        getSite().getService(IWorkbenchSiteProgressService.class).schedule(diagnosisJob, 0, true);
    }

    /**
     * Marks the rows of the node shown with the findings of the diagnosis, keeping selection and
     * scroll, and tells the CNI Config editors opened from the undiagnosed data.
     */
    private void showFindings(NodeSnapshot diagnosed) {
        NodeSnapshot pending = snapshot;
        snapshot = diagnosed;
        for (IEditorReference ref : getSite().getPage().getEditorReferences()) {
            if (NodeIds.CNI_EDITOR_ID.equals(ref.getId()) && ref.getEditor(false) instanceof CniConfigEditor editor
                    && editor.nodeSnapshot() == pending) {
                editor.updateFindings(diagnosed);
            }
        }
        source.setText(sourceText(diagnosed));
        source.getParent().layout(true, true);
        NodeTables node = shown;
        if (node == null) {
            return;
        }
        showFindingsBanner(node);
        if (onlyWithFindings()) {
            showIpvs(node);
            applyFilter();
        } else {
            // The tree is rebuilt at the same top row and selection: after the layout above, GTK
            // scrolls a virtual tree that was filled before it short, over and over (whether or not
            // its rows change); a rebuilt one it scrolls right. In the rules table only the rows
            // filled so far change.
            TreeItem[] selected = ipvsTree.getSelection();
            Object selectedRow = selected.length == 0 ? null
                    : (selected[0].getParentItem() == null ? selected[0] : selected[0].getParentItem()).getData();
            TreeItem topItem = ipvsTree.getTopItem();
            int top = topItem == null || topItem.getParentItem() != null ? -1 : ipvsTree.indexOf(topItem);
            showIpvs(node);
            if (top > 0 && top < ipvsTree.getItemCount()) {
                ipvsTree.setTopItem(ipvsTree.getItem(top));
            }
            int row = selectedRow == null ? -1 : shownIpvsRows.indexOf(selectedRow);
            if (row >= 0) {
                ipvsTree.setSelection(ipvsTree.getItem(row));
            }
            for (TableItem item : List.copyOf(filledRules)) {
                refreshMarks(item);
            }
        }
    }

    private void showSnapshot(NodeSnapshot read, String problem) {
        snapshot = read;
        if (read == null) {
            source.setText(problem);
            return;
        }
        List<String> nodes = read.nodeNames();
        setPartName("Node Networking: " + read.snapshotName());
        source.setText(sourceText(read));
        source.getParent().layout(true, true);
        nodeCombo.setItems(nodes.toArray(String[]::new));
        Reveal reveal = pendingReveal;
        String first = reveal != null && nodes.contains(reveal.node()) ? reveal.node() : nodes.isEmpty() ? null : nodes.get(0);
        if (first != null) {
            nodeCombo.select(nodes.indexOf(first));
            selectNode(first);
        } else {
            diagnoseOnce();
        }
    }

    private static String sourceText(NodeSnapshot read) {
        List<String> nodes = read.nodeNames();
        return "Snapshot '" + read.snapshotName() + "' · " + nodes.size() + (nodes.size() == 1 ? " node" : " nodes")
                + " · " + read.services().size() + " Service ports · Service CIDR " + read.serviceCidr().source()
                + " · " + findingsSummary(read.findings())
                + (nodes.isEmpty() ? " · this snapshot holds no node data (import it with kubetriage-cli node import)" : "");
    }

    private static String findingsSummary(NodeFindings findings) {
        if (findings == NodeFindings.PENDING) {
            return "diagnosing…";
        }
        if (findings.problem() != null) {
            return "no findings marked: " + findings.problem();
        }
        long onNodes = findings.findings().stream()
                .filter(f -> f.evidence().stream().anyMatch(e -> e.location() != null)).count();
        return onNodes + (onNodes == 1 ? " finding points" : " findings point") + " at node data";
    }

    /** Shows a node of the snapshot, parsing its files in a job when needed; returns that job, or null. */
    public Job selectNode(String node) {
        NodeSnapshot data = snapshot;
        if (data == null || !data.nodeNames().contains(node)) {
            return null;
        }
        int index = data.nodeNames().indexOf(node);
        if (nodeCombo.getSelectionIndex() != index) {
            nodeCombo.select(index);
        }
        ViewJobs.cancel(parseJob);
        NodeTables ready = parsed.get(node);
        if (ready != null) {
            showNode(ready);
            diagnoseOnce();
            return null;
        }
        int loading = generation;
        showNode(null);
        ipvsHeader.setText("Parsing the files of node " + node + "…");
        Display display = source.getDisplay();
        parseJob = new NodeJob("Parsing node data of " + node) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                NodeTables p = data.parse(node);
                parsed.put(node, p);
                ViewJobs.later(display, () -> {
                    // the same data (compared without its findings, which replace the NodeSnapshot)
                    if (loading == generation && snapshot != null && data.snapshot() == snapshot.snapshot()
                            && node.equals(selectedNode())) {
                        showNode(p);
                        diagnoseOnce();
                    }
                });
                return Status.OK_STATUS;
            }
        };
        getSite().getService(IWorkbenchSiteProgressService.class).schedule(parseJob, 0, true);
        return parseJob;
    }

    /** The node shown or being parsed, or null. */
    public String selectedNode() {
        int i = nodeCombo.getSelectionIndex();
        return i < 0 ? null : nodeCombo.getItem(i);
    }

    /** Whether the snapshot shown is read and its diagnosis, whose findings mark the rows, still runs. */
    public boolean isDiagnosing() {
        NodeSnapshot data = snapshot;
        return data != null && data.findings() == NodeFindings.PENDING;
    }

    /** The snapshot's node data, or null while none is read. */
    public NodeSnapshot nodeSnapshot() {
        return snapshot;
    }

    /** The snapshot file shown, or null. */
    public Path snapshotFile() {
        return snapshotFile;
    }

    /** The node whose tables are shown, or null. */
    public NodeTables shownNode() {
        return shown;
    }

    private void showNode(NodeTables node) {
        shown = node;
        showFindingsBanner(node);
        showIpvs(node);
        showIptables(node);
        Reveal reveal = pendingReveal;
        if (node != null && reveal != null && reveal.node().equals(node.name())) {
            pendingReveal = null;
            revealLine(node, reveal.file(), reveal.line());
        }
    }

    private void showFindingsBanner(NodeTables node) {
        String text = null;
        if (node != null && snapshot != null) {
            List<Mark> marks = snapshot.findings().nodeWide(node.name());
            Map<String, String> distinct = new LinkedHashMap<>();
            for (Mark m : marks) {
                distinct.putIfAbsent(m.finding().id(), m.describe() + (m.evidence().detail().isEmpty() ? ""
                        : " (" + m.evidence().detail() + ")"));
            }
            if (!distinct.isEmpty()) {
                text = (distinct.size() == 1 ? "Finding" : distinct.size() + " findings") + " about node " + node.name()
                        + " as a whole:\n" + String.join("\n", distinct.values());
            }
        }
        findingsBanner.setText(text == null ? "" : text);
        findingsBanner.setVisible(text != null);
        ((GridData) findingsBanner.getLayoutData()).exclude = text == null;
        findingsBanner.getParent().layout(true, true);
    }

    // ---------------------------------------------------------------- findings of rows

    /** The marks of the findings on an IPVS row, a real server or an iptables rule of the node shown. */
    public List<Mark> marksOf(Object row) {
        NodeTables node = shown;
        NodeSnapshot data = snapshot;
        if (node == null || data == null) {
            return List.of();
        }
        NodeFindings findings = data.findings();
        String ipvsFile = node.parsed().ipvsFile();
        if (row instanceof IpvsRow r) {
            if (r.missing()) {
                return findings.absentFor(node.name(), r.servicePort());
            }
            return findings.at(node.name(), ipvsFile, r.line());
        }
        if (row instanceof RealServer rs) {
            return findings.at(node.name(), ipvsFile, rs.lineNumber());
        }
        if (row instanceof RuleRow r) {
            return findings.at(node.name(), NodePaths.IPTABLES_SAVE, r.rule().lineNumber());
        }
        return List.of();
    }

    private String tooltipOf(Object row) {
        List<Mark> marks = marksOf(row);
        return marks.isEmpty() ? null : NodeFindings.titles(marks);
    }

    private static Image findingImage(List<Mark> marks) {
        if (marks.isEmpty()) {
            return null;
        }
        boolean error = marks.stream().anyMatch(m -> m.finding().severity() == Severity.ERROR);
        return PlatformUI.getWorkbench().getSharedImages()
                .getImage(error ? ISharedImages.IMG_OBJS_ERROR_TSK : ISharedImages.IMG_OBJS_WARN_TSK);
    }

    private boolean onlyWithFindings() {
        return findingsOnly.getSelection();
    }

    /**
     * Shows only the rows the findings point at, or every row, as the check box does.
     */
    public void setOnlyWithFindings(boolean only) {
        findingsOnly.setSelection(only);
        showIpvs(shown);
        applyFilter();
    }

    /** The IPVS rows the tree shows (after the findings filter), in table order. */
    public List<IpvsRow> shownIpvsRows() {
        return shownIpvsRows;
    }

    // ---------------------------------------------------------------- revealing a line

    /**
     * Shows a node of the snapshot and selects the row of one of its files: a virtual service or
     * real server of the IPVS file, or a rule of {@code iptables-save.txt}. Waits for the snapshot
     * and the node to be read when they are not yet.
     *
     * @param file a node file path ({@code iptables-save.txt}, {@code ipvsadm-Ln.txt}, ...)
     * @param line its 1-based line, or 0 to show the node only
     */
    public void reveal(String node, String file, int line) {
        pendingReveal = new Reveal(node, file, line);
        NodeSnapshot data = snapshot;
        if (data == null || !data.nodeNames().contains(node)) {
            return; // applied when the snapshot is shown
        }
        NodeTables ready = shown;
        if (ready != null && ready.name().equals(node)) {
            showNode(ready);
        } else {
            selectNode(node);
        }
    }

    /**
     * Shows the view on a snapshot (reading it when another is shown) with a line of a node's file
     * selected; what double-clicking a hop or a finding's evidence in the phase views does.
     */
    public static NodeNetworkingView open(IWorkbenchPage page, Path snapshotFile, String node, String file, int line)
            throws PartInitException {
        NodeNetworkingView view = (NodeNetworkingView) page.showView(NodeIds.VIEW_ID);
        if (!snapshotFile.equals(view.snapshotFile())) {
            view.show(snapshotFile);
        }
        view.reveal(node, file, line);
        return view;
    }

    /**
     * The node file behind a routing hop's source ({@code iptables-save}, {@code ipvsadm},
     * {@code ip-addr}, {@code ip6tables-save}), or null.
     */
    public static String fileOfHopSource(String source, String ipvsFile) {
        return switch (source == null ? "" : source) {
            case "iptables-save" -> NodePaths.IPTABLES_SAVE;
            case "ip6tables-save" -> NodePaths.IP6TABLES_SAVE;
            case "ipvsadm" -> ipvsFile;
            case "ip-addr" -> NodePaths.IP_ADDR;
            default -> null;
        };
    }

    private void revealLine(NodeTables node, String file, int line) {
        if (file == null) {
            return;
        }
        if (file.equals(NodePaths.IPTABLES_SAVE)) {
            tabs.setSelection(iptablesTab);
            if (line <= 0) {
                return;
            }
            if (!filter.getText().isEmpty() || onlyWithFindings() || shownChain() != null) {
                filter.getDisplay().timerExec(-1, filterLater);
                filter.setText("");
                filter.getDisplay().timerExec(-1, filterLater);
                findingsOnly.setSelection(false);
                chainTable.setSelection(0);
                shownChain = chains.isEmpty() ? null : chains.get(0);
                showIpvs(node);
                applyFilter();
            }
            for (int i = 0; i < shownRules.size(); i++) {
                if (shownRules.get(i).rule().lineNumber() == line) {
                    ruleTable.setSelection(i);
                    ruleTable.showSelection();
                    return;
                }
            }
        } else if (file.equals(node.parsed().ipvsFile()) || file.equals(NodePaths.IP_ADDR)) {
            tabs.setSelection(ipvsTab);
            if (line <= 0 || file.equals(NodePaths.IP_ADDR)) {
                return;
            }
            if (onlyWithFindings()) {
                findingsOnly.setSelection(false);
                showIpvs(node);
            }
            for (int i = 0; i < shownIpvsRows.size(); i++) {
                IpvsRow row = shownIpvsRows.get(i);
                boolean server = !row.missing() && row.service().realServers().stream().anyMatch(r -> r.lineNumber() == line);
                if (row.line() == line || server) {
                    TreeItem item = ipvsTree.getItem(i);
                    if (server) {
                        item.setExpanded(true);
                    }
                    ipvsTree.setSelection(item);
                    ipvsTree.showSelection();
                    return;
                }
            }
        }
    }

    /** The tab shown: {@link NodeIds#TAB_IPVS} or {@link NodeIds#TAB_IPTABLES}. */
    public String shownTab() {
        return tabs.getSelection() == null ? null : tabs.getSelection().getText();
    }

    // ---------------------------------------------------------------- IPVS

    private void showIpvs(NodeTables node) {
        ipvsTree.removeAll();
        shownIpvsRows = List.of();
        if (node == null) {
            ipvsHeader.setText(snapshot == null ? "" : "No node selected.");
            return;
        }
        StringBuilder header = new StringBuilder();
        if (node.ipvsProblem() != null) {
            header.append(node.ipvsProblem());
        } else if (node.ipvs() == null) {
            header.append("IPVS was not collected on ").append(node.name()).append(" (no ")
                    .append(NodePaths.IPVSADM_SAVE).append(" or ").append(NodePaths.IPVSADM_LN).append(").");
        } else {
            long empty = node.ipvsRows().stream().filter(r -> NodeIds.STATE_NO_REAL_SERVERS.equals(r.state())).count();
            long differ = node.ipvsRows().stream().filter(r -> NodeIds.STATE_DIFFERS.equals(r.state())).count();
            long missing = node.ipvsRows().stream().filter(IpvsRow::missing).count();
            long present = node.ipvsRows().size() - missing;
            header.append(present).append(present == 1 ? " virtual service" : " virtual services");
            if (missing > 0) {
                header.append(", ").append(missing).append(missing == 1 ? " Service port" : " Service ports")
                        .append(" with no virtual service at all (shown as missing rows)");
            }
            if (empty > 0) {
                header.append(", ").append(empty).append(" without real servers (packets to them are dropped)");
            }
            if (differ > 0) {
                header.append(", ").append(differ).append(" whose real servers differ from the ready endpoints");
            }
            header.append('.');
        }
        header.append('\n');
        if (node.addressesProblem() != null) {
            header.append(node.addressesProblem());
        } else if (node.addresses() == null) {
            header.append(NodeSnapshot.KUBE_IPVS0).append(": ").append(NodePaths.IP_ADDR).append(" was not collected.");
        } else {
            List<String> onIpvs0 = new ArrayList<>();
            node.addresses().stream().filter(a -> a.interfaceName().equals(NodeSnapshot.KUBE_IPVS0))
                    .forEach(a -> onIpvs0.add(a.address()));
            List<String> missing = NodeSnapshot.clusterIpsMissingOnKubeIpvs0(node.addresses(), snapshot.services());
            header.append(NodeSnapshot.KUBE_IPVS0).append(onIpvs0.isEmpty() ? " holds no address"
                    : " holds " + shorten(onIpvs0, 12));
            if (!snapshot.services().isEmpty()) {
                header.append(missing.isEmpty() ? "; every ClusterIP of the snapshot is on it."
                        : "; ClusterIPs not on it (not answered locally in IPVS mode): " + shorten(missing, 12) + ".");
            }
        }
        ipvsHeader.setText(header.toString());
        ipvsHeader.getParent().layout(true, true);
        List<IpvsRow> rows = node.ipvsRows();
        if (onlyWithFindings()) {
            rows = rows.stream().filter(r -> !marksOf(r).isEmpty()
                    || !r.missing() && r.service().realServers().stream().anyMatch(rs -> !marksOf(rs).isEmpty())).toList();
        }
        shownIpvsRows = rows;
        ipvsTree.setItemCount(rows.size());
    }

    private void fillIpvsItem(TreeItem item, int index) {
        NodeTables node = shown;
        if (node == null) {
            return;
        }
        TreeItem parentItem = item.getParentItem();
        if (parentItem == null) {
            if (index >= shownIpvsRows.size()) {
                return;
            }
            IpvsRow row = shownIpvsRows.get(index);
            VirtualService vs = row.service();
            item.setData(row);
            List<Mark> marks = marksOf(row);
            String endpoints = row.servicePort() == null ? "" : row.servicePort().expected() == null
                    ? "(no Endpoints object)" : row.servicePort().expected().isEmpty() ? "none ready"
                            : shorten(row.servicePort().expected(), 6);
            if (vs == null) {
                item.setText(new String[] { row.servicePort().port().target().replace('/', ' ') + " (missing)",
                        row.servicePort().port().protocol(), "", "", "0", "", "", row.servicePort().port().displayName(),
                        endpoints, row.state(), row.onKubeIpvs0() == null ? "" : row.onKubeIpvs0() ? "yes" : "no", "",
                        NodeFindings.codes(marks) });
                item.setBackground(RED);
                item.setItemCount(0);
            } else {
                item.setText(new String[] { vs.endpoint() == null ? "fwmark " + vs.firewallMark() : vs.endpoint(),
                        vs.protocol().name(), nonNull(vs.scheduler()),
                        vs.persistenceTimeout() < 0 ? "" : vs.persistenceTimeout() + " s",
                        Integer.toString(vs.realServers().size()), "", "",
                        row.servicePort() == null ? "(no Service in the snapshot)" : row.servicePort().port().displayName(),
                        endpoints, row.state(), row.onKubeIpvs0() == null ? "" : row.onKubeIpvs0() ? "yes" : "no",
                        Integer.toString(vs.lineNumber()), NodeFindings.codes(marks) });
                if (NodeIds.STATE_NO_REAL_SERVERS.equals(row.state())) {
                    item.setBackground(RED);
                } else if (NodeIds.STATE_DIFFERS.equals(row.state())) {
                    item.setBackground(ORANGE);
                }
                item.setItemCount(vs.realServers().size());
            }
            item.setImage(IPVS_COL_FINDINGS, findingImage(marks));
        } else if (parentItem.getData() instanceof IpvsRow row && !row.missing()
                && index < row.service().realServers().size()) {
            RealServer r = row.service().realServers().get(index);
            item.setData(r);
            List<Mark> marks = marksOf(r);
            boolean expected = row.servicePort() == null || row.servicePort().expected() == null
                    || row.servicePort().expected().contains(r.endpoint());
            item.setText(new String[] { r.endpoint(), "", "", "", r.forward().name().toLowerCase(Locale.ROOT),
                    r.weight() < 0 ? "" : Integer.toString(r.weight()),
                    r.activeConnections() < 0 ? "" : r.activeConnections() + " / " + r.inactiveConnections(), "",
                    expected ? "" : "not a ready endpoint", "", "", Integer.toString(r.lineNumber()),
                    NodeFindings.codes(marks) });
            item.setImage(IPVS_COL_FINDINGS, findingImage(marks));
            if (!expected) {
                item.setBackground(ORANGE);
            }
        }
    }

    // ---------------------------------------------------------------- iptables

    private void showIptables(NodeTables node) {
        List<ChainRef> list = new ArrayList<>();
        String bannerText = null;
        if (node != null) {
            if (node.iptablesProblem() != null) {
                bannerText = node.iptablesProblem();
            } else if (node.iptables() == null) {
                bannerText = NodePaths.IPTABLES_SAVE + " was not collected on " + node.name();
            } else {
                if (!node.kubeProxyChains()) {
                    bannerText = NodeIds.NO_KUBE_PROXY_RULES + ": " + node.name() + "'s iptables-save has no KUBE-*"
                            + " chain at all (" + node.iptables().ruleCount() + " rules in "
                            + node.iptables().tables().size() + " tables); kube-proxy's rules were flushed or never"
                            + " written, so no ClusterIP is translated here";
                }
                list.add(new ChainRef(null, null, node.rules().size()));
                for (IptablesTable t : node.iptables().tables().values()) {
                    for (IptablesChain c : t.chains().values()) {
                        list.add(new ChainRef(t.name(), c.name(), c.rules().size()));
                    }
                }
            }
        }
        banner.setText(bannerText == null ? "" : bannerText);
        banner.setVisible(bannerText != null);
        ((GridData) banner.getLayoutData()).exclude = bannerText == null;
        banner.getParent().layout(true, true);
        chains = List.copyOf(list);
        chainTable.clearAll();
        chainTable.setItemCount(chains.size());
        shownChain = chains.isEmpty() ? null : chains.get(0);
        if (!chains.isEmpty()) {
            chainTable.setSelection(0);
        }
        applyFilter();
    }

    private void showChain(ChainRef chain) {
        shownChain = chain;
        applyFilter();
    }

    /**
     * Shows the rules of one chain, as double-clicking a rule that jumps to it does; the filter is
     * cleared.
     *
     * @return whether the node shown has that chain
     */
    public boolean openChain(String table, String chain) {
        for (int i = 0; i < chains.size(); i++) {
            ChainRef c = chains.get(i);
            if (table.equals(c.table()) && chain.equals(c.chain())) {
                filter.getDisplay().timerExec(-1, filterLater);
                if (!filter.getText().isEmpty()) {
                    filter.setText("");
                    filter.getDisplay().timerExec(-1, filterLater);
                }
                chainTable.setSelection(i);
                chainTable.showSelection();
                showChain(c);
                return true;
            }
        }
        return false;
    }

    /** The chain the rules table is limited to, as {@code table/chain}, or null for every chain. */
    public String shownChain() {
        return shownChain == null || shownChain.table() == null ? null : shownChain.table() + "/" + shownChain.chain();
    }

    /** The rules the table shows, in dump order. */
    public List<RuleRow> shownRules() {
        return shownRules;
    }

    private void followSelectedRule() {
        int index = ruleTable.getSelectionIndex();
        if (index < 0 || index >= shownRules.size() || shown == null || shown.iptables() == null) {
            return;
        }
        RuleRow row = shownRules.get(index);
        String target = row.rule().targetName();
        IptablesTable table = shown.iptables().table(row.table());
        if (target != null && table != null && table.hasChain(target)) {
            openChain(row.table(), target);
        }
    }

    private void applyFilter() {
        if (filter.isDisposed()) {
            return;
        }
        NodeTables node = shown;
        List<RuleRow> rows = new ArrayList<>();
        String text = filter.getText().strip().toLowerCase(Locale.ROOT);
        boolean onlyMarked = onlyWithFindings();
        if (node != null) {
            ChainRef chain = shownChain;
            List<RuleRow> base = new ArrayList<>();
            for (RuleRow r : node.rules()) {
                if (chain == null || chain.table() == null
                        || (chain.table().equals(r.table()) && chain.chain().equals(r.rule().chain()))) {
                    base.add(r);
                }
            }
            if (text.isEmpty()) {
                rows = base;
            } else {
                rows = filtered(base, node.rules(), text);
            }
            if (onlyMarked) {
                rows = rows.stream().filter(r -> !marksOf(r).isEmpty()).toList();
            }
        }
        shownRules = rows;
        ruleTable.clearAll();
        filledRules.clear();
        ruleTable.setItemCount(rows.size());
        ruleStatus.setText(node == null ? "" : rows.size() + (rows.size() == 1 ? " rule" : " rules")
                + (shownChain() == null ? "" : " in " + shownChain()) + (text.isEmpty() ? "" : " matching '" + text + "'")
                + (text.isEmpty() ? "" : " and the Service chains they lead to") + (onlyMarked ? ", with findings" : ""));
    }

    /**
     * The rules that mention the text (Service name, ClusterIP, chain), followed through the
     * per-Service chains they jump to (KUBE-SVC-* to KUBE-SEP-*), in dump order.
     */
    private static List<RuleRow> filtered(List<RuleRow> base, List<RuleRow> all, String text) {
        Set<RuleRow> matched = new HashSet<>();
        Set<String> follow = new HashSet<>();
        for (RuleRow r : base) {
            if (r.rule().raw().toLowerCase(Locale.ROOT).contains(text)
                    || r.rule().chain().toLowerCase(Locale.ROOT).contains(text)) {
                matched.add(r);
                String t = r.rule().targetName();
                if (t != null && RuleTexts.isServiceChain(t)) {
                    follow.add(r.table() + "/" + t);
                }
            }
        }
        Set<String> followed = new HashSet<>();
        for (int depth = 0; depth < MAX_CHAIN_DEPTH && !follow.isEmpty(); depth++) {
            followed.addAll(follow);
            Set<String> next = new HashSet<>();
            for (RuleRow r : all) {
                if (follow.contains(r.table() + "/" + r.rule().chain())) {
                    String t = r.rule().targetName();
                    if (t != null && RuleTexts.isServiceChain(t) && !followed.contains(r.table() + "/" + t)) {
                        next.add(r.table() + "/" + t);
                    }
                }
            }
            follow = next;
        }
        List<RuleRow> out = new ArrayList<>();
        for (RuleRow r : all) {
            if (matched.contains(r) || followed.contains(r.table() + "/" + r.rule().chain())) {
                out.add(r);
            }
        }
        return out;
    }

    /** Sets the findings column of a rule row filled before the diagnosis ended. */
    private void refreshMarks(TableItem item) {
        if (item.isDisposed() || item.getData() == null) {
            return;
        }
        List<Mark> marks = marksOf(item.getData());
        item.setText(RULE_COL_FINDINGS, NodeFindings.codes(marks));
        item.setImage(RULE_COL_FINDINGS, findingImage(marks));
    }

    private void fillRuleItem(TableItem item, int index) {
        if (index < 0 || index >= shownRules.size()) {
            return;
        }
        RuleRow r = shownRules.get(index);
        List<Mark> marks = marksOf(r);
        item.setData(r);
        item.setText(new String[] { r.table(), r.rule().chain(), Integer.toString(r.rule().lineNumber()),
                RuleTexts.summary(r.rule()), RuleTexts.target(r.rule()), NodeFindings.codes(marks) });
        item.setImage(RULE_COL_FINDINGS, findingImage(marks));
        item.setBackground(marks.isEmpty() ? null : FINDINGS);
    }

    // ---------------------------------------------------------------- CNI

    /**
     * Opens the CNI Config editor on the selected node's {@code /etc/cni/net.d}.
     *
     * @return the editor, or null when no node is shown
     */
    public CniConfigEditor openCniConfig(IWorkbenchPage page) throws PartInitException {
        NodeSnapshot data = snapshot;
        String node = selectedNode();
        if (data == null || node == null) {
            return null;
        }
        if (!page.isEditorAreaVisible()) {
            page.setEditorAreaVisible(true);
        }
        return (CniConfigEditor) page.openEditor(new CniEditorInput(snapshotFile, data, node), NodeIds.CNI_EDITOR_ID);
    }

    // ---------------------------------------------------------------- helpers

    private static String shorten(List<String> items, int max) {
        if (items.size() <= max) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, max)) + " and " + (items.size() - max) + " more";
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void dispose() {
        generation++;
        ViewJobs.cancel(loadJob);
        ViewJobs.cancel(parseJob);
        ViewJobs.cancel(diagnosisJob);
        super.dispose();
    }

    /** A job of the node views, waited for by tests through the family. */
    abstract static class NodeJob extends Job {
        NodeJob(String name) {
            super(name);
        }

        @Override
        public boolean belongsTo(Object family) {
            return family == NodeIds.JOB_FAMILY;
        }
    }
}
