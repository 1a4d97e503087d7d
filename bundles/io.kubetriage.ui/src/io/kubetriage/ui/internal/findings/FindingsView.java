package io.kubetriage.ui.internal.findings;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.TreeColumnLayout;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.part.ViewPart;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.diagnosis.DiagnosisService;
import io.kubetriage.ui.internal.KubetriageUiPlugin;
import io.kubetriage.ui.internal.TestIds;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;

/**
 * The Findings view: what {@link DiagnosisService} found in snapshots, grouped by cluster, phase and
 * severity, each root finding with the findings it causes nested under it; below, the selected
 * finding's explanation, evidence and affected objects (double-click one to compare it between the
 * baseline and the snapshot; double-click, Enter or Open on an evidence row opens the object, etcd
 * key or node file it names, see {@link EvidenceLinks}). Quick fixes open from Ctrl+1 and the
 * context menu.
 */
public final class FindingsView extends ViewPart {

    public static final String ID = FindingsIds.VIEW_ID;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private static DiagnosisService service;

    /** One diagnosis per cluster, the latest; in the order the clusters were first diagnosed. */
    private final Map<String, DiagnosisRun> runs = new LinkedHashMap<>();
    private int running;
    private String lastProblem;
    /** Notes put before a cluster's summary in the status line, such as that it is the built-in sample. */
    private final Map<String, String> notes = new LinkedHashMap<>();

    private Label status;
    private TreeViewer viewer;
    private Label title;
    private Text explanation;
    private TableViewer evidence;
    private TableViewer affected;

    /** The service the view diagnoses with: every phase contributed to the registry. */
    public static synchronized DiagnosisService service() {
        if (service == null) {
            service = new DiagnosisService();
        }
        return service;
    }

    @Override
    public void createPartControl(Composite parent) {
        Composite root = Tables.viewArea(parent);
        status = Tables.statusLine(root, FindingsIds.STATUS);
        status.setText(FindingsIds.NOTHING_DIAGNOSED);

        SashForm sash = new SashForm(root, SWT.VERTICAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        createTree(sash);
        createEvidencePanel(sash);
        sash.setWeights(55, 45);

        MenuManager menu = new MenuManager();
        menu.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
        Menu contextMenu = menu.createContextMenu(viewer.getControl());
        viewer.getControl().setMenu(contextMenu);
        getSite().registerContextMenu(FindingsIds.POPUP_ID, menu, viewer);
        getSite().setSelectionProvider(viewer);
        getSite().getService(IContextService.class).activateContext(FindingsIds.CONTEXT_ID);
        showFinding(null);
    }

    private void createTree(Composite parent) {
        Composite holder = new Composite(parent, SWT.NONE);
        TreeColumnLayout columns = new TreeColumnLayout();
        holder.setLayout(columns);
        viewer = new TreeViewer(holder, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION);
        viewer.getTree().setHeaderVisible(true);
        viewer.getTree().setLinesVisible(true);
        viewer.getTree().setData(TestIds.KEY, FindingsIds.TREE);
        viewer.setContentProvider(new Content());
        viewer.setUseHashlookup(true);
        viewer.setAutoExpandLevel(TreeViewer.ALL_LEVELS);
        column(columns, FindingsIds.COL_FINDING, 30, new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                if (element instanceof GroupNode g) {
                    return switch (g.level()) {
                        case CLUSTER -> g.name() + " (" + g.run().describe() + ")";
                        default -> g.name() + " (" + g.findingCount() + ")";
                    };
                }
                return ((FindingNode) element).finding().code();
            }

            @Override
            public Image getImage(Object element) {
                if (element instanceof GroupNode g) {
                    return switch (g.level()) {
                        case CLUSTER -> FindingsImages.get(FindingsImages.CLUSTER);
                        case PHASE -> FindingsImages.get(FindingsImages.PHASE);
                        case SEVERITY -> FindingsImages.severity(g.severity());
                    };
                }
                return FindingsImages.severity(((FindingNode) element).finding().severity());
            }
        });
        column(columns, FindingsIds.COL_TITLE, 55, new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                if (element instanceof GroupNode g) {
                    if (g.level() == GroupNode.Level.CLUSTER) {
                        return g.findingCount() + " findings, diagnosed at " + TIME.format(g.run().finished());
                    }
                    List<String> others = g.level() == GroupNode.Level.PHASE ? g.otherPhases() : List.of();
                    return others.isEmpty() ? "" : "and what it causes in " + String.join(", ", others);
                }
                return ((FindingNode) element).finding().title();
            }
        });
        column(columns, FindingsIds.COL_AFFECTED, 15, new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                if (element instanceof FindingNode n) {
                    List<ObjectKey> keys = n.finding().affected();
                    return keys.isEmpty() ? "" : keys.size() == 1 ? keys.get(0).toString() : keys.size() + " objects";
                }
                return "";
            }
        });
        viewer.addSelectionChangedListener(e -> {
            Object first = ((IStructuredSelection) e.getSelection()).getFirstElement();
            showFinding(first instanceof FindingNode n ? n : null);
        });
        viewer.addDoubleClickListener(e -> {
            Object element = ((IStructuredSelection) e.getSelection()).getFirstElement();
            if (element != null && viewer.isExpandable(element)) {
                viewer.setExpandedState(element, !viewer.getExpandedState(element));
            }
        });
    }

    private void column(TreeColumnLayout layout, String name, int weight, ColumnLabelProvider labels) {
        TreeViewerColumn column = new TreeViewerColumn(viewer, SWT.LEFT);
        column.getColumn().setText(name);
        column.setLabelProvider(labels);
        layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, 60, true));
    }

    private void createEvidencePanel(Composite parent) {
        Composite panel = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 2;
        layout.marginHeight = 2;
        panel.setLayout(layout);
        title = new Label(panel, SWT.WRAP);
        title.setData(TestIds.KEY, FindingsIds.TITLE);
        title.setFont(org.eclipse.jface.resource.JFaceResources.getBannerFont());
        GridDataFactory.fillDefaults().grab(true, false).applyTo(title);

        SashForm sash = new SashForm(panel, SWT.VERTICAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        explanation = new Text(sash, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.READ_ONLY | SWT.V_SCROLL);
        explanation.setData(TestIds.KEY, FindingsIds.EXPLANATION);

        evidence = Tables.table(sash, FindingsIds.EVIDENCE);
        Tables.column(evidence, "Evidence", 16, e -> ((Evidence) e).label());
        Tables.column(evidence, "Detail", 44, e -> ((Evidence) e).detail());
        Tables.column(evidence, "About", 26, e -> about((Evidence) e));
        Tables.column(evidence, "Kind", 14, e -> ((Evidence) e).kind().name());
        evidence.getTable().setToolTipText("Double-click or Enter on a row opens what it names: the object's compare "
                + "editor, the etcd key, the node's rule or CNI file");
        // a viewer's double-click is also Enter (default selection)
        evidence.addDoubleClickListener(e -> {
            if (((IStructuredSelection) e.getSelection()).getFirstElement() instanceof Evidence ev) {
                openEvidence(ev);
            }
        });
        MenuManager evidenceMenu = new MenuManager();
        evidenceMenu.add(new Action("&Open") {
            @Override
            public void run() {
                if (evidence.getStructuredSelection().getFirstElement() instanceof Evidence ev) {
                    openEvidence(ev);
                }
            }
        });
        evidence.getTable().setMenu(evidenceMenu.createContextMenu(evidence.getTable()));

        affected = Tables.table(sash, FindingsIds.AFFECTED);
        Tables.column(affected, "Affected object", 50, e -> ((AffectedObject) e).key().toString());
        Tables.column(affected, "Baseline resourceVersion", 25,
                e -> resourceVersion(((AffectedObject) e).run().input().baseline(), ((AffectedObject) e).key()));
        Tables.column(affected, "Snapshot resourceVersion", 25,
                e -> resourceVersion(((AffectedObject) e).run().input().snapshot(), ((AffectedObject) e).key()));
        affected.getTable().setToolTipText("Double-click an object to compare it between the baseline and the snapshot");
        affected.addDoubleClickListener(e -> {
            if (((IStructuredSelection) e.getSelection()).getFirstElement() instanceof AffectedObject a) {
                openAffected(a);
            }
        });
        sash.setWeights(30, 40, 30);
    }

    private static String about(Evidence e) {
        List<String> parts = new ArrayList<>();
        if (e.object() != null) {
            parts.add(e.object().toString());
        }
        if (e.etcdKey() != null) {
            parts.add(e.etcdKey());
        }
        if (e.location() != null) {
            Evidence.NodeLocation at = e.location();
            parts.add("node " + at.node() + (at.file() == null ? "" : ", " + at.file()
                    + (at.line() > 0 ? " line " + at.line() : "")));
        }
        if (!e.revisions().isEmpty()) {
            parts.add("revisions " + e.revisions().stream().map(String::valueOf).reduce((a, b) -> a + ", " + b)
                    .orElse(""));
        }
        if (e.sourceLine() != null && !e.sourceLine().equals(e.detail())) {
            parts.add(e.sourceLine());
        }
        return String.join("; ", parts);
    }

    private static String resourceVersion(Snapshot snapshot, ObjectKey key) {
        if (snapshot == null) {
            return "";
        }
        return snapshot.object(key).map(o -> o.resourceVersion() == null ? "-" : o.resourceVersion())
                .orElse("(absent)");
    }

    /** Shows a finding (or nothing) in the evidence panel. */
    private void showFinding(FindingNode node) {
        if (node == null) {
            title.setText("Select a finding to see its explanation, evidence and affected objects.");
            explanation.setText("");
            evidence.setInput(List.of());
            affected.setInput(List.of());
            title.getParent().layout(true);
            return;
        }
        Finding f = node.finding();
        title.setText(f.code() + " \u2014 " + f.title());
        StringBuilder text = new StringBuilder(f.explanation());
        if (f.cause() != null) {
            text.append("\n\nCaused by: ").append(f.cause());
        }
        if (!f.fixIds().isEmpty()) {
            text.append("\n\nQuick fixes (Ctrl+1): ").append(String.join(", ", f.fixIds()));
        }
        explanation.setText(text.toString());
        evidence.setInput(f.evidence());
        affected.setInput(f.affected().stream().map(k -> new AffectedObject(node.run(), f, k)).toList());
        title.getParent().layout(true);
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    // ---------------------------------------------------------------- diagnosing

    /**
     * Diagnoses a snapshot, against a baseline when one is given, in a background job of
     * {@link FindingsIds#JOB_FAMILY}; the findings replace those shown for the snapshot's cluster.
     *
     * @return the job, already scheduled
     */
    public Job diagnose(SnapshotEntry snapshot, SnapshotEntry baseline) {
        Display display = getSite().getShell().getDisplay();
        running++;
        updateStatus();
        Job job = new Job("Diagnosing " + snapshot.name()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                DiagnosisRun run = null;
                String problem = null;
                try {
                    monitor.beginTask(getName(), 3);
                    Snapshot s = SnapshotStore.read(snapshot.file());
                    monitor.worked(1);
                    Snapshot b = baseline == null ? null : SnapshotStore.read(baseline.file());
                    monitor.worked(1);
                    DiagnosisInput input = new DiagnosisInput(s, b, null, null);
                    List<Finding> findings = service().diagnose(input);
                    run = new DiagnosisRun(snapshot.clusterName(), snapshot, baseline, input, findings, Instant.now());
                } catch (IOException | SnapshotFormatException e) {
                    problem = "Could not read the snapshot: " + e.getMessage();
                } catch (RuntimeException | LinkageError e) {
                    problem = "The diagnosis failed: " + e;
                    KubetriageUiPlugin.logError("Diagnosis of " + snapshot.file() + " failed", e);
                } finally {
                    monitor.done();
                }
                DiagnosisRun result = run;
                String failure = problem;
                if (!display.isDisposed()) {
                    display.asyncExec(() -> finished(result, failure));
                }
                return Status.OK_STATUS;
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == FindingsIds.JOB_FAMILY;
            }
        };
        job.setUser(true);
        job.schedule();
        return job;
    }

    /** Diagnoses every cluster shown again, reading its snapshots again. @return the jobs, scheduled */
    public List<Job> rerun() {
        List<Job> jobs = new ArrayList<>();
        for (DiagnosisRun run : List.copyOf(runs.values())) {
            jobs.add(diagnose(run.snapshot(), run.baseline()));
        }
        return jobs;
    }

    private void finished(DiagnosisRun run, String problem) {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        running = Math.max(0, running - 1);
        lastProblem = problem;
        if (run != null) {
            show(run);
        }
        updateStatus();
    }

    /**
     * Shows a diagnosis made elsewhere, in place of the one shown for its cluster (a diagnosis the
     * view ran itself arrives the same way).
     */
    public void show(DiagnosisRun run) {
        Object selected = ((IStructuredSelection) viewer.getSelection()).getFirstElement();
        runs.put(run.cluster(), run);
        viewer.setInput(FindingsTree.build(List.copyOf(runs.values())));
        viewer.expandAll();
        if (selected != null) {
            viewer.setSelection(new StructuredSelection(selected), true);
        }
        updateStatus();
    }

    private void updateStatus() {
        StringBuilder s = new StringBuilder();
        if (running > 0) {
            s.append("Diagnosing\u2026 ");
        }
        if (lastProblem != null) {
            s.append(lastProblem).append(' ');
        }
        if (runs.isEmpty()) {
            if (s.isEmpty()) {
                s.append(FindingsIds.NOTHING_DIAGNOSED);
            }
        } else {
            for (DiagnosisRun r : runs.values()) {
                String note = notes.get(r.cluster());
                if (note != null) {
                    s.append(note).append(" \u2014 ");
                }
                s.append(r.cluster()).append(": ").append(r.findings().size()).append(r.findings().size() == 1
                        ? " finding" : " findings").append(" in ").append(r.describe())
                        .append(r.baseline() == null ? " (no baseline: fewer checks)" : "").append(". ");
            }
        }
        status.setText(s.toString().strip());
        status.getParent().layout(true);
    }

    // ---------------------------------------------------------------- for commands and tests

    /**
     * Puts a note before the cluster's summary in the view's status line, e.g. that its snapshots are
     * the built-in sample; null removes it.
     */
    public void setNote(String cluster, String note) {
        if (note == null) {
            notes.remove(cluster);
        } else {
            notes.put(cluster, note);
        }
        updateStatus();
    }

    /** The view's status line: what was diagnosed, with the notes. */
    public String statusText() {
        return status.getText();
    }

    /** The diagnoses shown, one per cluster. */
    public List<DiagnosisRun> runs() {
        return List.copyOf(runs.values());
    }

    /** Whether diagnosis jobs started by the view are still running. */
    public boolean isDiagnosing() {
        return running > 0;
    }

    /** The selected finding row; empty when none (or a group) is selected. */
    public Optional<FindingElement> selectedFinding() {
        FindingNode node = selectedNode();
        return Optional.ofNullable(node);
    }

    private FindingNode selectedNode() {
        Object first = ((IStructuredSelection) viewer.getSelection()).getFirstElement();
        return first instanceof FindingNode n ? n : null;
    }

    /** Selects (and reveals) the first row showing the finding with this id; false when none does. */
    public boolean select(String findingId) {
        Object input = viewer.getInput();
        if (!(input instanceof List<?> groups)) {
            return false;
        }
        for (FindingNode n : FindingsTree.allFindings(groups.stream().map(GroupNode.class::cast).toList())) {
            if (n.finding().id().equals(findingId)) {
                viewer.setSelection(new StructuredSelection(n), true);
                return true;
            }
        }
        return false;
    }

    /** The tree's root groups (one per cluster). */
    public List<GroupNode> groups() {
        return viewer.getInput() instanceof List<?> l ? l.stream().map(GroupNode.class::cast).toList() : List.of();
    }

    /**
     * Opens the Quick Fix dialog of the selected finding.
     *
     * @param block whether to wait until it is closed (tests pass false)
     * @return the dialog, or null when no finding is selected
     */
    public QuickFixDialog openQuickFix(boolean block) {
        FindingNode node = selectedNode();
        return node == null ? null : QuickFixDialog.show(getSite().getShell(), node, block);
    }

    /**
     * Opens what a piece of evidence of the selected finding names ({@link EvidenceLinks}); says in
     * the status line when it names nothing that can be opened.
     *
     * @return null when it was opened, else why not
     */
    public String openEvidence(Evidence ev) {
        FindingNode node = selectedNode();
        if (node == null) {
            return "No finding is selected.";
        }
        String problem = EvidenceLinks.open(getSite().getPage(), node.run(), node.finding(), ev);
        getViewSite().getActionBars().getStatusLineManager().setErrorMessage(problem);
        return problem;
    }

    /** The evidence table of the selected finding. */
    public TableViewer evidenceViewer() {
        return evidence;
    }

    /** Opens the compare editor on the object: its YAML in the baseline and in the snapshot. */
    public void openAffected(AffectedObject object) {
        openCompare(getSite().getPage(), object);
    }

    /** What double-clicking an affected object does. */
    public static void openCompare(IWorkbenchPage page, AffectedObject object) {
        DiagnosisRun run = object.run();
        ObjectKey key = object.key();
        Snapshot baseline = run.input().baseline();
        String left = baseline == null ? "(no baseline snapshot was given to the diagnosis)"
                : baseline.object(key).map(ApiObject::json).orElse(null);
        String right = run.input().snapshot().object(key).map(ApiObject::json).orElse(null);
        String leftLabel = run.baseline() == null ? "No baseline" : "Baseline: " + run.baseline().name();
        String rightLabel = "Snapshot: " + run.snapshot().name();
        YamlCompare.open(page, key.name() + ": " + (run.baseline() == null ? "" : run.baseline().name() + " \u2194 ")
                + run.snapshot().name(), key + " in " + run.describe(), leftLabel,
                baseline == null ? left + "\n" : YamlCompare.yaml(left, "(not in the baseline)"), rightLabel,
                YamlCompare.yaml(right, "(not in the snapshot)"));
    }

    /** The tree: groups, then findings with their caused findings. */
    private static final class Content implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            return input instanceof List<?> l ? l.toArray() : new Object[0];
        }

        @Override
        public Object[] getChildren(Object parent) {
            if (parent instanceof GroupNode g) {
                return g.children().toArray();
            }
            if (parent instanceof FindingNode n) {
                return n.caused().toArray();
            }
            return new Object[0];
        }

        @Override
        public Object getParent(Object element) {
            if (element instanceof GroupNode g) {
                return g.parent();
            }
            return element instanceof FindingNode n ? n.parent() : null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return getChildren(element).length > 0;
        }
    }
}
