package io.kubetriage.ui.internal.audit;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.part.ViewPart;
import org.eclipse.ui.progress.IWorkbenchSiteProgressService;

import io.kubetriage.connector.kube.fix.AuditLog;
import io.kubetriage.connector.kube.fix.UndoRecord;
import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.ui.internal.KubetriageUiPlugin;
import io.kubetriage.ui.internal.TestIds;
import io.kubetriage.ui.internal.clusters.ClusterSession;
import io.kubetriage.ui.internal.findings.QuickFixRunner;
import io.kubetriage.ui.internal.findings.Tables;
import io.kubetriage.ui.internal.findings.YamlCompare;

/**
 * Fix History: the lines of the workspace's audit log, newest first — when, cluster, user, finding,
 * fix, action (preview, dry run, apply, undo, refusal) and result — with the selected line's steps
 * and the server's answers below. A line that is not an audit entry is listed as such.
 *
 * <p>An applied fix with an undo record can be undone (Undo… button, context menu, Ctrl+Z): the
 * details show what the undo does to each object (a unified diff; Compare opens the compare
 * editor), then a {@link QuickFixRunner#forUndo} runs the server-side dry run, stops on a cluster
 * marked read-only (the refusal is recorded), asks for confirmation and runs the undo in a
 * cancellable job. The undo goes through the kubeconfig context the fix was applied through, and
 * only while it still names the same API server.
 *
 * <p>The list is read again when the workbench writes to the audit log ({@link AuditLogChanges}).
 */
public final class FixHistoryView extends ViewPart {

    public static final String ID = FixHistoryIds.VIEW_ID;

    private static volatile QuickFixRunner.Confirmation confirmer = QuickFixRunner.ASK_USER;
    private static volatile Function<String, ClusterDescriptor> clusters = FixHistoryView::clusterInSession;

    private final Consumer<Path> auditListener = this::auditChanged;

    private Path auditFile;
    private List<HistoryRow> rows = List.of();
    private Job readJob;
    private int generation;
    private String readProblem;

    private Label status;
    private TableViewer table;
    private Text details;
    private Text report;
    private Button undoButton;
    private Button compareButton;
    private Button stopButton;

    private HistoryRow shownRow;
    private UndoRecord shownUndo;
    private String shownUndoProblem;
    private QuickFixRunner runner;

    /**
     * Sets how Undo… asks the user to confirm (tests answer it without a blocking dialog).
     *
     * @param answer the confirmation; null for the real one
     * @return the one set before
     */
    public static QuickFixRunner.Confirmation setConfirmation(QuickFixRunner.Confirmation answer) {
        QuickFixRunner.Confirmation before = confirmer;
        confirmer = answer == null ? QuickFixRunner.ASK_USER : answer;
        return before;
    }

    /**
     * Sets where Undo… finds the cluster of a context name (tests give their mock cluster).
     *
     * @param lookup the cluster of a context name, or null; null restores the Clusters view's contexts
     * @return the one set before
     */
    public static Function<String, ClusterDescriptor> setClusterLookup(Function<String, ClusterDescriptor> lookup) {
        Function<String, ClusterDescriptor> before = clusters;
        clusters = lookup == null ? FixHistoryView::clusterInSession : lookup;
        return before;
    }

    /** The context of that name in the Clusters view, as the Quick Fix dialog finds it; null when none. */
    private static ClusterDescriptor clusterInSession(String name) {
        KubetriageUiPlugin plugin = KubetriageUiPlugin.getDefault();
        ClusterSession session = plugin == null ? null : plugin.clusterSession();
        return session == null ? null : QuickFixRunner.clusterNamed(session.registry(), name).orElse(null);
    }

    @Override
    public void createPartControl(Composite parent) {
        auditFile = QuickFixRunner.defaultAuditFile().toAbsolutePath().normalize();
        Composite root = Tables.viewArea(parent);
        status = Tables.statusLine(root, FixHistoryIds.STATUS);

        SashForm sash = new SashForm(root, SWT.VERTICAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        table = Tables.table(sash, FixHistoryIds.TABLE);
        Tables.column(table, FixHistoryIds.COL_WHEN, 14, r -> HistoryTexts.when((HistoryRow) r));
        Tables.column(table, FixHistoryIds.COL_CLUSTER, 10, r -> HistoryTexts.cluster((HistoryRow) r));
        Tables.column(table, FixHistoryIds.COL_USER, 10, r -> HistoryTexts.user((HistoryRow) r));
        Tables.column(table, FixHistoryIds.COL_FINDING, 16, r -> HistoryTexts.finding((HistoryRow) r));
        Tables.column(table, FixHistoryIds.COL_FIX, 14, r -> HistoryTexts.fix((HistoryRow) r));
        Tables.column(table, FixHistoryIds.COL_ACTION, 8, r -> ((HistoryRow) r).action());
        Tables.column(table, FixHistoryIds.COL_RESULT, 28, r -> HistoryTexts.result((HistoryRow) r));
        table.addSelectionChangedListener(e -> showRow(selectedRow()));
        table.addDoubleClickListener(e -> details.setFocus());

        details = text(sash, FixHistoryIds.DETAILS);
        report = text(sash, FixHistoryIds.REPORT);
        sash.setWeights(40, 42, 18);

        Composite buttons = new Composite(root, SWT.NONE);
        buttons.setLayout(new GridLayout(4, false));
        GridDataFactory.fillDefaults().grab(true, false).applyTo(buttons);
        undoButton = button(buttons, "Undo\u2026", FixHistoryIds.UNDO, this::undoSelected);
        compareButton = button(buttons, "Compare Undo\u2026", FixHistoryIds.COMPARE, this::compareSelected);
        compareButton.setToolTipText("Open each object the undo changes, as it is now and as the undo leaves it, in "
                + "the compare editor");
        stopButton = button(buttons, "Stop", FixHistoryIds.STOP, () -> {
            if (runner != null) {
                runner.cancel();
            }
        });
        stopButton.setToolTipText("Cancel the dry run or the undo under way (a request already sent is waited for)");
        button(buttons, "Refresh", null, this::refresh);

        MenuManager menu = new MenuManager();
        menu.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
        Menu contextMenu = menu.createContextMenu(table.getControl());
        table.getControl().setMenu(contextMenu);
        getSite().registerContextMenu(FixHistoryIds.VIEW_ID, menu, table);
        getSite().setSelectionProvider(table);
        getSite().getService(IContextService.class).activateContext(FixHistoryIds.CONTEXT_ID);

        KubetriageUiPlugin plugin = KubetriageUiPlugin.getDefault();
        ClusterSession session = plugin == null ? null : plugin.clusterSession();
        if (session != null && !session.isLoaded()) {
            session.reload();
        }
        AuditLogChanges.addListener(auditListener);
        showRow(null);
        refresh();
    }

    private static Text text(Composite parent, String testId) {
        Text text = new Text(parent, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
        text.setData(TestIds.KEY, testId);
        text.setFont(JFaceResources.getTextFont());
        return text;
    }

    private static Button button(Composite parent, String label, String testId, Runnable action) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(label);
        if (testId != null) {
            button.setData(TestIds.KEY, testId);
        }
        button.addListener(SWT.Selection, e -> action.run());
        return button;
    }

    // ---------------------------------------------------------------- reading

    /** Shows another audit log (the workbench shows the workspace's); reads it. */
    public Job showAuditFile(Path file) {
        auditFile = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        return refresh();
    }

    /** The audit log shown. */
    public Path auditFile() {
        return auditFile;
    }

    /** Reads the audit log again in a job; returns it (scheduled). */
    public Job refresh() {
        if (readJob != null) {
            readJob.cancel();
        }
        int reading = ++generation;
        Path file = auditFile;
        Display display = table.getControl().getDisplay();
        readJob = new Job("Reading the audit log " + file.getFileName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                List<HistoryRow> read;
                String problem = null;
                try {
                    read = FixHistory.read(file, monitor);
                } catch (OperationCanceledException e) {
                    return Status.CANCEL_STATUS;
                } catch (IOException e) {
                    read = List.of();
                    problem = "The audit log " + file + " cannot be read: " + e.getMessage();
                }
                List<HistoryRow> result = read;
                String why = problem;
                if (!display.isDisposed()) {
                    display.asyncExec(() -> {
                        if (reading == generation && !table.getControl().isDisposed()) {
                            show(result, why);
                        }
                    });
                }
                return Status.OK_STATUS;
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == FixHistoryIds.JOB_FAMILY;
            }
        };
        readJob.setSystem(true);
        getSite().getService(IWorkbenchSiteProgressService.class).schedule(readJob, 0, false);
        return readJob;
    }

    private void auditChanged(Path file) {
        if (!file.equals(auditFile) || table == null) {
            return;
        }
        Display display = table.getControl().getDisplay();
        if (!display.isDisposed()) {
            display.asyncExec(() -> {
                if (!table.getControl().isDisposed()) {
                    refresh();
                }
            });
        }
    }

    private void show(List<HistoryRow> read, String problem) {
        HistoryRow selected = selectedRow();
        rows = read;
        readProblem = problem;
        table.setInput(read);
        HistoryRow again = selected == null ? null
                : read.stream().filter(r -> r.line() == selected.line()).findFirst().orElse(null);
        if (again != null) {
            table.setSelection(new StructuredSelection(again), true);
        } else {
            showRow(null);
        }
        long malformed = read.stream().filter(HistoryRow::malformed).count();
        status.setText(problem != null ? problem
                : read.isEmpty() ? "No fix was previewed, dry-run, applied or undone yet (" + auditFile + ")."
                        : read.size() + (read.size() == 1 ? " line" : " lines") + " of " + auditFile + ", newest first"
                                + (malformed == 0 ? "." : "; " + malformed + " not audit entries (shown as such)."));
        status.getParent().layout(true);
    }

    /** The lines listed, newest first. */
    public List<HistoryRow> rows() {
        return rows;
    }

    /** Why the audit log could not be read; null when it could. */
    public String readProblem() {
        return readProblem;
    }

    // ---------------------------------------------------------------- the selected line

    /** The selected line, or null. */
    public HistoryRow selectedRow() {
        return table.getStructuredSelection().getFirstElement() instanceof HistoryRow r ? r : null;
    }

    /** Selects a listed line and shows its details. */
    public void select(HistoryRow row) {
        table.setSelection(row == null ? StructuredSelection.EMPTY : new StructuredSelection(row), true);
    }

    private void showRow(HistoryRow row) {
        shownRow = row;
        shownUndo = null;
        shownUndoProblem = null;
        if (row == null) {
            details.setText(rows.isEmpty() ? "" : "Select a line to see its steps and the server's answers.");
        } else {
            if (row.undoable()) {
                try {
                    shownUndo = new AuditLog(auditFile).loadUndo(row.entry().undoRecordId());
                } catch (NoSuchFileException e) {
                    shownUndoProblem = "The undo record " + row.entry().undoRecordId() + " is not in "
                            + new AuditLog(auditFile).undoDirectory() + ": this fix cannot be undone from here.";
                } catch (IOException | IllegalArgumentException e) {
                    shownUndoProblem = "The undo record " + row.entry().undoRecordId() + " cannot be read: "
                            + e.getMessage();
                }
            }
            details.setText(HistoryTexts.details(row, shownUndo, shownUndoProblem));
            details.setSelection(0);
        }
        updateButtons();
    }

    /**
     * Why the selected line cannot be undone now, or null when Undo… can start.
     */
    public String whyNotUndoable() {
        HistoryRow row = shownRow;
        if (row == null) {
            return "Select an applied fix to undo.";
        }
        if (row.malformed()) {
            return "This line is not an audit entry: there is nothing to undo.";
        }
        if (!AuditLog.APPLY.equals(row.entry().event())) {
            return "Only an applied fix can be undone; this line is a " + row.action() + ".";
        }
        if (!row.undoable()) {
            return "This fix left no undo record (no step was applied, or the record could not be saved).";
        }
        if (shownUndoProblem != null) {
            return shownUndoProblem;
        }
        FixPlan plan = shownUndo.inversePlan();
        if (plan.steps().stream().noneMatch(FixStep.ApiStep.class::isInstance)) {
            return "Nothing to undo: " + plan.steps().get(0).summary() + ".";
        }
        String context = shownUndo.contextName() != null ? shownUndo.contextName() : row.entry().context();
        ClusterDescriptor cluster = clusters.apply(context);
        if (cluster == null) {
            return "No kubeconfig context named '" + context + "' is in the Clusters view: the undo goes through the "
                    + "context the fix was applied through. Add its kubeconfig file.";
        }
        if (!cluster.context().isUsable()) {
            return "The context '" + context + "' cannot be used: " + cluster.context().problem() + ".";
        }
        String now = trimSlash(cluster.context().serverUrl());
        String then = trimSlash(shownUndo.serverUrl());
        if (now != null && then != null && !now.equals(then)) {
            return "The context '" + context + "' now names the API server " + now + ", but the fix was applied to "
                    + then + ": it is not undone through another cluster.";
        }
        return null;
    }

    private static String trimSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private void updateButtons() {
        if (undoButton == null || undoButton.isDisposed()) {
            return;
        }
        boolean running = runner != null && runner.isRunning();
        String why = whyNotUndoable();
        undoButton.setEnabled(why == null && !running);
        undoButton.setToolTipText(why != null ? why : "Dry run, confirm and undo this fix");
        compareButton.setEnabled(shownUndo != null);
        stopButton.setEnabled(running);
    }

    // ---------------------------------------------------------------- undo

    /**
     * What Undo… does: shows what the undo changes, then starts a {@link QuickFixRunner#forUndo} on
     * the selected fix (dry run, read-only refusal, confirmation, undo), which reports into the view.
     *
     * @return the runner, or null when the line cannot be undone (the report says why)
     */
    public QuickFixRunner undoSelected() {
        if (runner != null && runner.isRunning()) {
            return runner;
        }
        String why = whyNotUndoable();
        if (why != null) {
            report.setText(why);
            updateButtons();
            return null;
        }
        String context = shownUndo.contextName() != null ? shownUndo.contextName() : shownRow.entry().context();
        ClusterDescriptor cluster = clusters.apply(context);
        details.setText(HistoryTexts.details(shownRow, shownUndo, null));
        report.setText("");
        boolean[] conflict = new boolean[1];
        QuickFixRunner.Listener listener = new QuickFixRunner.Listener() {
            @Override
            public void line(String text) {
                conflict[0] |= text.contains("409");
                append(text);
            }

            @Override
            public void finished(QuickFixRunner.Outcome outcome) {
                if (conflict[0] && outcome != QuickFixRunner.Outcome.APPLIED) {
                    append("The object changed since the fix was applied (409 Conflict): undoing would overwrite "
                            + "those changes, so the undo stopped there. Look at the object as it is now before "
                            + "changing it by hand.");
                }
                if (outcome == QuickFixRunner.Outcome.APPLIED) {
                    append("Undone.");
                }
                updateButtons();
            }
        };
        Shell shell = getSite().getShell();
        runner = QuickFixRunner.forUndo(shell.getDisplay(), () -> shell.isDisposed() ? null : shell, cluster, shownUndo,
                auditFile, confirmer, listener);
        runner.start();
        updateButtons();
        return runner;
    }

    private void append(String line) {
        if (!report.isDisposed()) {
            report.append((report.getCharCount() == 0 ? "" : "\n") + line);
        }
    }

    /** The undo started last; null before. */
    public QuickFixRunner runner() {
        return runner;
    }

    /** What Undo… reported. */
    public String undoReport() {
        return report.getText();
    }

    /** The details shown of the selected line. */
    public String detailsText() {
        return details.getText();
    }

    /** Opens each object the selected fix's undo changes, now and after the undo, in the compare editor. */
    public void compareSelected() {
        IWorkbenchPage page = getSite().getPage();
        if (shownUndo == null) {
            return;
        }
        FixPlan plan = shownUndo.inversePlan();
        for (FixStep step : plan.steps()) {
            if (step instanceof FixStep.ApiStep api) {
                YamlCompare.open(page, api.target().name() + ": undo " + api.operation(), plan.title() + " \u2014 "
                        + api.summary(), "Now (" + api.target() + " as the fix left it)",
                        YamlCompare.yaml(api.beforeJson(), "(does not exist)"), "After the undo " + api.operation(),
                        YamlCompare.yaml(api.afterJson(), "(deleted)"));
            }
        }
    }

    @Override
    public void setFocus() {
        table.getControl().setFocus();
    }

    @Override
    public void dispose() {
        AuditLogChanges.removeListener(auditListener);
        generation++;
        if (readJob != null) {
            readJob.cancel();
        }
        if (runner != null) {
            runner.cancel();
        }
        super.dispose();
    }
}
