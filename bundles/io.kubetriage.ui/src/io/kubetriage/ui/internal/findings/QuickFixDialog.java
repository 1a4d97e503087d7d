package io.kubetriage.ui.internal.findings;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.BusyIndicator;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;

import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.ui.internal.KubetriageUiPlugin;
import io.kubetriage.ui.internal.TestIds;
import io.kubetriage.ui.internal.audit.FixHistoryIds;
import io.kubetriage.ui.internal.audit.FixHistoryView;
import io.kubetriage.ui.internal.clusters.ClusterSession;
import io.kubetriage.ui.internal.sample.BuiltInSample;
import io.kubetriage.ui.internal.sample.SampleIds;

/**
 * Quick Fix: the plans {@code DiagnosisService.plans(finding, input)} makes for a finding and, for
 * the chosen one, everything it would do — each API request as the object before and after (a
 * unified YAML diff; Compare opens the compare editor) and each runbook step with its commands —
 * whether it changes the cluster, and what the user would confirm.
 *
 * <p>Apply is enabled when the diagnosed snapshot's cluster (its kubeconfig context name) is a
 * usable context in the Clusters view and the plan has API steps; otherwise the reason is shown.
 * It runs through {@link QuickFixRunner}: a server-side dry run first, each step's outcome shown;
 * a cluster marked read-only stops there; then the plan's confirmation, then the fix, recorded in
 * the audit log {@code <state location>/audit/audit.jsonl} with an undo record. The built-in sample
 * incident is never applied: its note says it is the sample and that applying needs a live cluster.
 * Once Apply ran, a link shows the Fix History view, where the fix can be undone.
 */
public final class QuickFixDialog extends Dialog {

    private static final int COPY_ID = IDialogConstants.CLIENT_ID + 1;
    private static final int APPLY_ID = IDialogConstants.CLIENT_ID + 2;
    private static final int COMPARE_ID = IDialogConstants.CLIENT_ID + 3;
    private static final int STOP_ID = IDialogConstants.CLIENT_ID + 4;

    private static volatile QuickFixRunner.Confirmation confirmer = QuickFixRunner.ASK_USER;

    private final FindingElement element;
    private final List<FixPlan> plans;
    private final ClusterSession session;
    /** Whether the diagnosed snapshot is the built-in sample: no cluster stands behind it. */
    private final boolean sample;
    private final Runnable filesListener = this::clustersChanged;

    private Label applyNote;
    private Text applyLog;
    private Button applyButton;
    private Button stopButton;
    private Link historyLink;
    private QuickFixRunner runner;

    private TableViewer planTable;
    private TableViewer stepTable;
    private Text preview;
    private Label mutates;
    private Text confirmation;
    private Button compareButton;
    private FixPlan shown;

    QuickFixDialog(Shell parent, FindingElement element, List<FixPlan> plans) {
        super(parent);
        this.element = element;
        this.plans = List.copyOf(plans);
        KubetriageUiPlugin plugin = KubetriageUiPlugin.getDefault();
        this.session = plugin == null ? null : plugin.clusterSession();
        this.sample = BuiltInSample.isSample(element.run().snapshot().manifest());
        setShellStyle(SWT.DIALOG_TRIM | SWT.RESIZE | SWT.MAX | SWT.MODELESS);
    }

    /**
     * Sets how Apply asks the user to confirm (tests answer it without a blocking dialog).
     *
     * @param answer the confirmation; null for the real one ({@link QuickFixRunner#ASK_USER})
     * @return the one set before
     */
    public static QuickFixRunner.Confirmation setConfirmation(QuickFixRunner.Confirmation answer) {
        QuickFixRunner.Confirmation before = confirmer;
        confirmer = answer == null ? QuickFixRunner.ASK_USER : answer;
        return before;
    }

    /** The diagnosed snapshot's cluster: its kubeconfig context name. */
    public String clusterName() {
        return element.run().snapshot().clusterName();
    }

    /** The context of the diagnosed snapshot's cluster in the Clusters view, or null. */
    public ClusterDescriptor cluster() {
        return session == null ? null
                : QuickFixRunner.clusterNamed(session.registry(), clusterName()).orElse(null);
    }

    /** Why the shown plan cannot be applied, or null when Apply is enabled. */
    public String whyNotApplicable() {
        if (sample && shown != null) {
            // never applied, whatever context happens to carry the sample cluster's name
            return SampleIds.QUICK_FIX_NOTE + " Apply is disabled; Copy runbook keeps the steps.";
        }
        return QuickFixRunner.whyNotApplicable(clusterName(), cluster(), shown);
    }

    /** Whether the diagnosis is of the built-in sample incident. */
    public boolean isSample() {
        return sample;
    }

    /** The run Apply started last; null before. */
    public QuickFixRunner runner() {
        return runner;
    }

    /**
     * Plans the finding's quick fixes and opens the dialog on them.
     *
     * @param block whether to wait until the dialog is closed (tests pass false)
     */
    public static QuickFixDialog show(Shell parent, FindingElement element, boolean block) {
        List<FixPlan> plans = new ArrayList<>();
        BusyIndicator.showWhile(parent.getDisplay(), () -> plans.addAll(
                FindingsView.service().plans(element.finding(), element.run().input())));
        QuickFixDialog dialog = new QuickFixDialog(parent, element, plans);
        dialog.setBlockOnOpen(block);
        dialog.open();
        return dialog;
    }

    /** The plans listed. */
    public List<FixPlan> plans() {
        return plans;
    }

    /** The plan whose preview is shown; null when none applies. */
    public FixPlan shownPlan() {
        return shown;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        Finding f = element.finding();
        shell.setText("Quick Fix: " + f.code() + " " + f.title());
        shell.setData(TestIds.KEY, FindingsIds.QUICK_FIX_SHELL);
    }

    @Override
    protected Point getInitialSize() {
        return new Point(980, 760);
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        Finding f = element.finding();
        Label heading = new Label(area, SWT.WRAP);
        heading.setText(plans.isEmpty()
                ? "No quick fix applies to " + f.id() + (f.fixIds().isEmpty() ? "." : " (offered: "
                        + String.join(", ", f.fixIds()) + ", none can be planned from this snapshot).")
                : plans.size() + (plans.size() == 1 ? " fix" : " fixes") + " for " + f.id()
                        + ". Choose one to see every step it would take.");
        GridDataFactory.fillDefaults().grab(true, false).hint(600, SWT.DEFAULT).applyTo(heading);

        SashForm sash = new SashForm(area, SWT.VERTICAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);

        planTable = Tables.table(sash, FindingsIds.QUICK_FIX_PLANS);
        Tables.column(planTable, "Fix", 25, p -> ((FixPlan) p).fixId());
        Tables.column(planTable, "Plan", 60, p -> ((FixPlan) p).title());
        Tables.column(planTable, "Changes the cluster", 15, p -> ((FixPlan) p).mutatesCluster() ? "yes" : "no (runbook)");
        planTable.setInput(plans);
        planTable.addSelectionChangedListener(e -> {
            Object first = ((IStructuredSelection) e.getSelection()).getFirstElement();
            showPlan(first instanceof FixPlan p ? p : null);
        });

        stepTable = Tables.table(sash, FindingsIds.QUICK_FIX_STEPS);
        Tables.column(stepTable, "Step", 22, s -> kind((FixStep) s));
        Tables.column(stepTable, "What it does", 78, s -> ((FixStep) s).summary());
        stepTable.addSelectionChangedListener(e -> updateCompareButton());
        stepTable.addDoubleClickListener(e -> compareSelectedStep());

        preview = new Text(sash, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
        preview.setData(TestIds.KEY, FindingsIds.QUICK_FIX_PREVIEW);
        preview.setFont(org.eclipse.jface.resource.JFaceResources.getTextFont());
        sash.setWeights(18, 20, 62);

        mutates = new Label(area, SWT.WRAP);
        mutates.setData(TestIds.KEY, FindingsIds.QUICK_FIX_MUTATES);
        GridDataFactory.fillDefaults().grab(true, false).hint(600, SWT.DEFAULT).applyTo(mutates);

        confirmation = new Text(area, SWT.MULTI | SWT.WRAP | SWT.READ_ONLY);
        confirmation.setData(TestIds.KEY, FindingsIds.QUICK_FIX_CONFIRMATION);
        GridDataFactory.fillDefaults().grab(true, false).hint(600, SWT.DEFAULT).applyTo(confirmation);

        applyNote = new Label(area, SWT.WRAP);
        applyNote.setData(TestIds.KEY, FindingsIds.QUICK_FIX_APPLY_NOTE);
        applyNote.setText(sample ? SampleIds.QUICK_FIX_NOTE : FindingsIds.APPLY_NEEDS_LIVE_CLUSTER);
        applyNote.setForeground(area.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        GridDataFactory.fillDefaults().grab(true, false).hint(600, SWT.DEFAULT).applyTo(applyNote);

        applyLog = new Text(area, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
        applyLog.setData(TestIds.KEY, FindingsIds.QUICK_FIX_APPLY_LOG);
        applyLog.setFont(org.eclipse.jface.resource.JFaceResources.getTextFont());
        GridDataFactory.fillDefaults().grab(true, false).hint(600, 90).exclude(true).applyTo(applyLog);
        applyLog.setVisible(false);

        historyLink = new Link(area, SWT.NONE);
        historyLink.setData(TestIds.KEY, FindingsIds.QUICK_FIX_SHOW_HISTORY);
        historyLink.setText("Every dry run, fix and undo is in the audit log: <a>Show Fix History</a> (undo a fix there).");
        historyLink.addListener(SWT.Selection, e -> showFixHistory());
        GridDataFactory.fillDefaults().grab(true, false).exclude(true).applyTo(historyLink);
        historyLink.setVisible(false);

        if (session != null) {
            session.addFilesListener(filesListener);
            if (!session.isLoaded()) {
                session.reload();
            }
        }

        if (!plans.isEmpty()) {
            planTable.setSelection(new StructuredSelection(plans.get(0)), true);
        } else {
            showPlan(null);
        }
        return area;
    }

    private static String kind(FixStep step) {
        return switch (step) {
            case FixStep.ApiStep api -> "API " + api.operation() + " " + api.target();
            case FixStep.RunbookStep run -> "Runbook on " + run.node();
        };
    }

    private void showPlan(FixPlan plan) {
        shown = plan;
        if (plan == null) {
            stepTable.setInput(List.of());
            preview.setText(plans.isEmpty() ? "Nothing to preview: no quick fix applies." : "Choose a fix above.");
            mutates.setText("");
            confirmation.setText("");
        } else {
            stepTable.setInput(plan.steps());
            preview.setText(preview(plan));
            preview.setSelection(0);
            mutates.setText(plan.mutatesCluster()
                    ? "Changes the cluster: yes (mutatesCluster). Carried out, it sends the API requests above."
                    : "Changes the cluster: no API request (mutatesCluster is false): the steps are a runbook a person "
                            + "carries out on the nodes.");
            confirmation.setText("You would confirm: " + plan.confirmation()
                    + (plan.undo().isEmpty() ? "" : "\nTo undo: " + plan.undo()));
        }
        updateCompareButton();
        updateApplyButton();
        mutates.getParent().layout(true);
    }

    /** The kubeconfig files were read again (in the reading job's thread). */
    private void clustersChanged() {
        Shell shell = getShell();
        if (shell == null || shell.isDisposed()) {
            return;
        }
        shell.getDisplay().asyncExec(() -> {
            if (applyNote != null && !applyNote.isDisposed()) {
                updateApplyButton();
            }
        });
    }

    private void updateApplyButton() {
        if (applyNote == null || applyNote.isDisposed()) {
            return;
        }
        boolean running = runner != null && runner.isRunning();
        String why = whyNotApplicable();
        if (why != null) {
            applyNote.setText(why);
            applyNote.setForeground(applyNote.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        } else {
            ClusterDescriptor cluster = cluster();
            applyNote.setText("Apply sends the API steps to '" + cluster.name() + "' ("
                    + cluster.context().serverUrl() + "): a server-side dry run first, each step's outcome shown here, "
                    + "then your confirmation; it is recorded in the audit log with an undo record."
                    + (cluster.readOnly() ? " The cluster is marked read-only: fixes only preview (the dry run)." : ""));
            applyNote.setForeground(applyNote.getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
        }
        if (applyButton != null && !applyButton.isDisposed()) {
            applyButton.setEnabled(why == null && !running);
            applyButton.setToolTipText(why == null ? "Dry run, confirm and apply the fix" : why);
        }
        if (stopButton != null && !stopButton.isDisposed()) {
            stopButton.setEnabled(running);
        }
        applyNote.getParent().layout(true);
    }

    /**
     * What the Apply button does: starts a {@link QuickFixRunner} on the shown plan, which reports
     * into the dialog.
     *
     * @return the runner, or null when the shown plan cannot be applied (the note says why)
     */
    public QuickFixRunner apply() {
        if (runner != null && runner.isRunning()) {
            return runner;
        }
        ClusterDescriptor cluster = cluster();
        String why = whyNotApplicable();
        if (why != null) {
            updateApplyButton();
            return null;
        }
        applyLog.setText("");
        ((org.eclipse.swt.layout.GridData) applyLog.getLayoutData()).exclude = false;
        applyLog.setVisible(true);
        ((org.eclipse.swt.layout.GridData) historyLink.getLayoutData()).exclude = false;
        historyLink.setVisible(true);
        applyLog.getParent().layout(true);
        QuickFixRunner.Listener listener = new QuickFixRunner.Listener() {
            @Override
            public void line(String text) {
                if (!applyLog.isDisposed()) {
                    applyLog.append((applyLog.getCharCount() == 0 ? "" : "\n") + text);
                }
            }

            @Override
            public void finished(QuickFixRunner.Outcome outcome) {
                if (!applyLog.isDisposed()) {
                    updateApplyButton();
                }
            }
        };
        Shell shell = getShell();
        runner = new QuickFixRunner(shell.getDisplay(), () -> {
            Shell s = getShell();
            return s == null || s.isDisposed() ? null : s;
        }, cluster, element.finding(), shown, QuickFixRunner.defaultAuditFile(), confirmer, listener);
        runner.start();
        updateApplyButton();
        return runner;
    }

    /**
     * Shows the Fix History view, where the fix just run is the newest line and an applied fix can
     * be undone.
     *
     * @return the view, or null when it cannot be shown
     */
    public FixHistoryView showFixHistory() {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        IWorkbenchPage page = window == null ? null : window.getActivePage();
        if (page == null) {
            return null;
        }
        try {
            FixHistoryView view = (FixHistoryView) page.showView(FixHistoryIds.VIEW_ID);
            view.refresh();
            return view;
        } catch (PartInitException e) {
            KubetriageUiPlugin.logError("Could not show the Fix History view", e);
            return null;
        }
    }

    /** The text Apply reports into. */
    public String applyReport() {
        return applyLog == null || applyLog.isDisposed() ? "" : applyLog.getText();
    }

    @Override
    public boolean close() {
        if (runner != null) {
            runner.cancel();
        }
        if (session != null) {
            session.removeFilesListener(filesListener);
        }
        return super.close();
    }

    private void updateCompareButton() {
        if (compareButton != null && !compareButton.isDisposed()) {
            compareButton.setEnabled(selectedApiStep() != null);
        }
    }

    private FixStep.ApiStep selectedApiStep() {
        Object first = stepTable == null ? null : ((IStructuredSelection) stepTable.getSelection()).getFirstElement();
        if (first instanceof FixStep.ApiStep api) {
            return api;
        }
        // with one API step, that one
        if (shown != null) {
            List<FixStep.ApiStep> api = shown.steps().stream().filter(FixStep.ApiStep.class::isInstance)
                    .map(FixStep.ApiStep.class::cast).toList();
            if (api.size() == 1 && first == null) {
                return api.get(0);
            }
        }
        return null;
    }

    private void compareSelectedStep() {
        FixStep.ApiStep step = selectedApiStep();
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        IWorkbenchPage page = window == null ? null : window.getActivePage();
        if (step == null || page == null) {
            return;
        }
        YamlCompare.open(page, step.target().name() + ": " + step.operation() + " preview",
                shown.title() + " \u2014 " + step.summary(), "Before (" + step.target() + " now)",
                YamlCompare.yaml(step.beforeJson(), "(does not exist yet)"), "After " + step.operation(),
                YamlCompare.yaml(step.afterJson(), "(deleted)"));
    }

    /** The whole plan as text: what the preview shows and "Copy runbook" copies. */
    public static String preview(FixPlan plan) {
        StringBuilder s = new StringBuilder();
        s.append(plan.title()).append("\n");
        s.append("Fix: ").append(plan.fixId()).append(" for ").append(plan.findingId()).append("\n");
        s.append("Changes the cluster: ").append(plan.mutatesCluster() ? "yes" : "no").append("\n");
        if (!plan.confirmation().isEmpty()) {
            s.append("Confirmation: ").append(plan.confirmation()).append("\n");
        }
        if (!plan.undo().isEmpty()) {
            s.append("Undo: ").append(plan.undo()).append("\n");
        }
        int n = 1;
        for (FixStep step : plan.steps()) {
            s.append("\n=== Step ").append(n++).append(": ").append(step.summary()).append("\n");
            switch (step) {
                case FixStep.ApiStep api -> {
                    s.append("Request: ").append(api.operation()).append(' ').append(api.target()).append("\n");
                    if (api.resourceVersion() != null) {
                        s.append("Precondition: the object still has resourceVersion ").append(api.resourceVersion())
                                .append("\n");
                    }
                    if (api.patch() != null) {
                        s.append("Patch (").append(api.patchType() == null ? "?" : api.patchType()).append("):\n  ")
                                .append(api.patch()).append("\n");
                    }
                    String before = api.beforeJson() == null ? "" : YamlCompare.yaml(api.beforeJson(), null);
                    String after = api.afterJson() == null ? "" : YamlCompare.yaml(api.afterJson(), null);
                    String diff = UnifiedDiff.of(before, after, "before: " + api.target(),
                            "after " + api.operation() + ": " + api.target());
                    s.append(diff.isEmpty() ? "(the object does not change)\n" : diff);
                }
                case FixStep.RunbookStep run -> {
                    s.append("On: ").append(run.node()).append("\n");
                    if (!run.why().isEmpty()) {
                        s.append("Why: ").append(run.why()).append("\n");
                    }
                    s.append("Commands:\n");
                    run.commands().forEach(c -> s.append("  ").append(c).append("\n"));
                    if (!run.verify().isEmpty()) {
                        s.append("Verify: ").append(run.verify()).append("\n");
                    }
                }
            }
        }
        return s.toString();
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        compareButton = createButton(parent, COMPARE_ID, "Compare Before/After\u2026", false);
        compareButton.setToolTipText("Open the selected API step's object before and after in the compare editor");
        applyButton = createButton(parent, APPLY_ID, "Apply\u2026", false);
        applyButton.setData(TestIds.KEY, FindingsIds.QUICK_FIX_APPLY);
        applyButton.setEnabled(false);
        applyButton.setToolTipText(sample ? SampleIds.QUICK_FIX_NOTE : FindingsIds.APPLY_NEEDS_LIVE_CLUSTER);
        stopButton = createButton(parent, STOP_ID, "Stop", false);
        stopButton.setData(TestIds.KEY, FindingsIds.QUICK_FIX_STOP);
        stopButton.setToolTipText("Cancel the dry run or the apply under way (a request already sent is waited for)");
        stopButton.setEnabled(false);
        Button copy = createButton(parent, COPY_ID, "Copy runbook", false);
        copy.setData(TestIds.KEY, FindingsIds.QUICK_FIX_COPY);
        copy.setEnabled(!plans.isEmpty());
        Button close = createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, true);
        close.setData(TestIds.KEY, FindingsIds.QUICK_FIX_CLOSE);
        updateCompareButton();
        updateApplyButton();
    }

    @Override
    protected void buttonPressed(int buttonId) {
        switch (buttonId) {
            case COPY_ID -> copyRunbook();
            case COMPARE_ID -> compareSelectedStep();
            case APPLY_ID -> apply();
            case STOP_ID -> {
                if (runner != null) {
                    runner.cancel();
                }
            }
            case IDialogConstants.CLOSE_ID -> close();
            default -> super.buttonPressed(buttonId);
        }
    }

    private void copyRunbook() {
        if (shown == null) {
            return;
        }
        Clipboard clipboard = new Clipboard(getShell().getDisplay());
        try {
            clipboard.setContents(new Object[] { preview(shown) }, new Transfer[] { TextTransfer.getInstance() });
        } catch (RuntimeException e) {
            KubetriageUiPlugin.logError("Could not copy the runbook", e);
        } finally {
            clipboard.dispose();
        }
    }
}
