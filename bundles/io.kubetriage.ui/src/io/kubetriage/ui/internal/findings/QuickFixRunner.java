package io.kubetriage.ui.internal.findings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

import io.kubetriage.connector.kube.ClusterConnectException;
import io.kubetriage.connector.kube.fix.ApplyOptions;
import io.kubetriage.connector.kube.fix.ApplyResult;
import io.kubetriage.connector.kube.fix.AuditLog;
import io.kubetriage.connector.kube.fix.DryRunResult;
import io.kubetriage.connector.kube.fix.FixExecutor;
import io.kubetriage.connector.kube.fix.FixRefusedException;
import io.kubetriage.connector.kube.fix.StepOutcome;
import io.kubetriage.connector.kube.fix.UndoRecord;
import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.cluster.ClusterRegistry;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.ui.internal.KubetriageUiPlugin;
import io.kubetriage.ui.internal.audit.AuditLogChanges;

/**
 * Applies one quick fix plan to a cluster, never by surprise, for the Quick Fix dialog's Apply
 * button: (1) a server-side dry run of every API step in a cancellable job, each step's outcome
 * reported, stopping when the server rejects one; (2) on a cluster marked read-only, stops there
 * ({@link #READ_ONLY_MESSAGE}); (3) asks the user to confirm the plan's confirmation text; (4)
 * applies it in a cancellable job ({@link FixExecutor#apply}, which runs its own dry run and
 * records everything in the audit log) and reports what was applied, a 409 conflict, the runbook
 * steps left to do by hand and the undo record.
 *
 * <p>{@link #forUndo} runs the same way for the undo of an applied fix (the Fix History view):
 * the dry run of {@link UndoRecord#inversePlan()}, on a read-only cluster a refusal recorded in
 * the audit log, the confirmation, then {@link FixExecutor#undo}. When a run ends, listeners of
 * {@link AuditLogChanges} hear that the audit log changed.
 *
 * <p>Jobs report to the {@link Listener} on the UI thread only ({@code Display.asyncExec}), never
 * after the display is disposed. The confirmation is a parameter, so tests answer it without a
 * blocking dialog.
 */
public final class QuickFixRunner {

    /** Job family of the dry-run and apply jobs, for waiting and cancelling. */
    public static final Object JOB_FAMILY = QuickFixRunner.class;

    /** What the runner says, and stops at, on a cluster marked read-only. */
    public static final String READ_ONLY_MESSAGE = "The cluster is marked read-only: fixes only preview. "
            + "Nothing was applied.";

    /** Asks the user to confirm a plan; called on the UI thread. */
    @FunctionalInterface
    public interface Confirmation {
        /** @return true to apply */
        boolean confirm(Shell shell, String title, String message);
    }

    /** The real confirmation: {@link MessageDialog#openConfirm}. */
    public static final Confirmation ASK_USER = MessageDialog::openConfirm;

    /** Told what happens; always on the UI thread. */
    public interface Listener {
        /** One line of the report. */
        void line(String text);

        /** The run ended; no line follows. */
        void finished(Outcome outcome);
    }

    /** How a run ended. */
    public enum Outcome {
        /** The server's dry run rejected a step (or could not be run): nothing changed. */
        DRY_RUN_REJECTED,
        /** The cluster is marked read-only: only the dry run ran. */
        READ_ONLY,
        /** The user did not confirm: nothing changed. */
        NOT_CONFIRMED,
        /** Every API step was applied. */
        APPLIED,
        /** Applying stopped at a failed step (e.g. 409 Conflict) or was refused. */
        APPLY_FAILED,
        /** The user cancelled a job. */
        CANCELLED,
        /** The cluster could not be reached, or something unexpected failed. */
        ERROR
    }

    private final Display display;
    private final Supplier<Shell> shell;
    private final ClusterDescriptor cluster;
    private final Finding finding;
    private final FixPlan plan;
    private final FixExecutor executor;
    private final Confirmation confirmation;
    private final Listener listener;
    /** The applied fix this run undoes; null when it applies a plan. */
    private final UndoRecord undoing;

    private volatile Job current;
    private volatile Outcome outcome;
    private volatile boolean started;
    private volatile boolean stopped;

    /**
     * @param display      the display whose UI thread hears the listener and asks for confirmation
     * @param shell        the parent of the confirmation
     * @param cluster      the cluster to apply to
     * @param finding      the finding the plan repairs, for the audit log; may be null
     * @param plan         the plan
     * @param auditFile    the audit log, {@link #defaultAuditFile()} in the workbench
     * @param confirmation asks the user; {@link #ASK_USER} in the workbench
     * @param listener     told each step
     */
    public QuickFixRunner(Display display, Supplier<Shell> shell, ClusterDescriptor cluster, Finding finding,
            FixPlan plan, Path auditFile, Confirmation confirmation, Listener listener) {
        this(display, shell, cluster, finding, plan, null, auditFile, confirmation, listener);
    }

    private QuickFixRunner(Display display, Supplier<Shell> shell, ClusterDescriptor cluster, Finding finding,
            FixPlan plan, UndoRecord undoing, Path auditFile, Confirmation confirmation, Listener listener) {
        this.undoing = undoing;
        this.display = Objects.requireNonNull(display, "display");
        this.shell = Objects.requireNonNull(shell, "shell");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.finding = finding;
        this.plan = Objects.requireNonNull(plan, "plan");
        this.executor = new FixExecutor(new AuditLog(Objects.requireNonNull(auditFile, "auditFile")));
        this.confirmation = Objects.requireNonNull(confirmation, "confirmation");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * A runner that undoes an applied fix: the plan is the record's {@link UndoRecord#inversePlan()},
     * carried out by {@link FixExecutor#undo}; the other parameters as for a fix.
     */
    public static QuickFixRunner forUndo(Display display, Supplier<Shell> shell, ClusterDescriptor cluster,
            UndoRecord record, Path auditFile, Confirmation confirmation, Listener listener) {
        Objects.requireNonNull(record, "record");
        return new QuickFixRunner(display, shell, cluster, null, record.inversePlan(), record, auditFile, confirmation,
                listener);
    }

    /** Whether the run undoes an applied fix. */
    public boolean isUndo() {
        return undoing != null;
    }

    /** {@code <plugin state location>/audit/audit.jsonl}. */
    public static Path defaultAuditFile() {
        return KubetriageUiPlugin.getDefault().getStateLocation().toFile().toPath().resolve("audit")
                .resolve("audit.jsonl");
    }

    /** The context of that name in the Clusters view; a usable one first when several files define it. */
    public static Optional<ClusterDescriptor> clusterNamed(ClusterRegistry registry, String name) {
        if (name == null) {
            return Optional.empty();
        }
        return registry.all().stream().filter(d -> d.name().equals(name))
                .sorted((a, b) -> Boolean.compare(!a.context().isUsable(), !b.context().isUsable())).findFirst();
    }

    /**
     * Why a plan cannot be applied to the cluster, or null when it can.
     *
     * @param clusterName the diagnosed snapshot's cluster (its kubeconfig context name)
     * @param cluster     the context of that name in the Clusters view, or null
     */
    public static String whyNotApplicable(String clusterName, ClusterDescriptor cluster, FixPlan plan) {
        if (plan == null) {
            return "Choose a fix to apply.";
        }
        if (plan.steps().stream().noneMatch(FixStep.ApiStep.class::isInstance)) {
            return "This fix sends no API request: it is a runbook a person carries out. Copy the runbook and "
                    + "carry it out by hand.";
        }
        if (cluster == null) {
            return "Applying a fix needs a live, connected cluster. This diagnosis was made from snapshots of '"
                    + clusterName + "', and no kubeconfig context of that name is in the Clusters view: Apply is "
                    + "disabled. Copy the runbook and carry it out by hand, or add the cluster's kubeconfig.";
        }
        if (!cluster.context().isUsable()) {
            return "Applying a fix needs a live, connected cluster. The context '" + cluster.name()
                    + "' cannot be used: " + cluster.context().problem() + ". Apply is disabled.";
        }
        return null;
    }

    public ClusterDescriptor cluster() {
        return cluster;
    }

    public FixPlan plan() {
        return plan;
    }

    /** How the run ended; null while it runs or before it started. */
    public Outcome outcome() {
        return outcome;
    }

    public boolean isRunning() {
        return started && outcome == null;
    }

    /** The audit log the fix is recorded in. */
    public Path auditFile() {
        return executor.auditLog().file();
    }

    /** Cancels the job under way. */
    public void cancel() {
        stopped = true;
        Job job = current;
        if (job != null) {
            job.cancel();
        }
    }

    /** Starts the dry run; call once, on the UI thread or any. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        String where = cluster.name() + (cluster.context().serverUrl() == null ? ""
                : " (" + cluster.context().serverUrl() + ")");
        tell("Dry run of '" + plan.title() + "' on " + where + " (?dryRun=All: the server persists nothing)\u2026");
        schedule(new FixJob("Dry run of " + plan.title()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    DryRunResult dry = executor.dryRun(cluster.context(), plan, monitor);
                    List<String> lines = new ArrayList<>();
                    dry.steps().forEach(s -> lines.add("  " + s));
                    if (monitor.isCanceled()) {
                        lines.add("Cancelled. Nothing was applied.");
                        report(lines, Outcome.CANCELLED);
                        return Status.CANCEL_STATUS;
                    }
                    if (!dry.ok()) {
                        StepOutcome problem = dry.firstProblem();
                        lines.add("The server's dry run rejected " + problem + ". Nothing was applied.");
                        report(lines, Outcome.DRY_RUN_REJECTED);
                        return Status.OK_STATUS;
                    }
                    lines.add("Dry run ok: the server accepts all " + dry.steps().size() + " API step"
                            + (dry.steps().size() == 1 ? "" : "s") + ".");
                    if (cluster.readOnly()) {
                        lines.add(READ_ONLY_MESSAGE);
                        lines.add(refuse(monitor));
                        report(lines, Outcome.READ_ONLY);
                        return Status.OK_STATUS;
                    }
                    lines.forEach(QuickFixRunner.this::tell);
                    asyncExec(QuickFixRunner.this::confirmAndApply);
                } catch (ClusterConnectException e) {
                    report(List.of("The dry run could not reach " + cluster.name() + ": " + e.getMessage()
                            + ". Nothing was applied."), Outcome.ERROR);
                } catch (IOException e) {
                    report(List.of("The audit log " + auditFile() + " cannot be written (" + e.getMessage()
                            + "); no fix runs unrecorded. Nothing was applied."), Outcome.ERROR);
                } catch (RuntimeException e) {
                    KubetriageUiPlugin.logError("Dry run of " + plan.fixId() + " failed", e);
                    report(List.of("The dry run failed: " + e + ". Nothing was applied."), Outcome.ERROR);
                }
                return Status.OK_STATUS;
            }
        });
    }

    /** On the UI thread, after an accepted dry run. */
    private void confirmAndApply() {
        if (stopped) {
            listener.line("Cancelled. Nothing was applied.");
            finish(Outcome.CANCELLED);
            return;
        }
        String text = plan.confirmation().isEmpty() ? plan.title() : plan.confirmation();
        String verb = undoing == null ? "Apply" : "Undo";
        String message = (undoing == null ? "Apply '" + plan.title() + "' to" : "Undo " + undoing.fixId() + " on")
                + " the cluster '" + cluster.name() + "'"
                + (cluster.context().serverUrl() == null ? "" : " (" + cluster.context().serverUrl() + ")")
                + "?\n\n" + text + (plan.undo().isEmpty() ? "" : "\n\nTo " + (undoing == null ? "undo" : "redo")
                        + ": " + plan.undo());
        boolean yes;
        try {
            yes = confirmation.confirm(shell.get(), verb + " Quick Fix", message);
        } catch (RuntimeException e) {
            KubetriageUiPlugin.logError("The confirmation of " + plan.fixId() + " failed", e);
            yes = false;
        }
        if (!yes) {
            listener.line("Not confirmed. Nothing was applied.");
            finish(Outcome.NOT_CONFIRMED);
            return;
        }
        String doing = undoing == null ? "Applying" : "Undoing";
        listener.line("Confirmed. " + doing + " '" + plan.title() + "' (a dry run again, then each step, only if its "
                + "object has not changed since " + (undoing == null ? "the preview" : "the fix") + ")\u2026");
        schedule(new FixJob(doing + " " + plan.title()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    ApplyOptions confirmed = new ApplyOptions(false, true);
                    ApplyResult result = undoing == null
                            ? executor.apply(cluster.context(), finding, plan, confirmed, monitor)
                            : executor.undo(cluster.context(), undoing, confirmed, monitor);
                    report(describe(result, undoing != null), result.ok() ? Outcome.APPLIED
                            : monitor.isCanceled() && result.steps().stream().noneMatch(StepOutcome::conflict)
                                    ? Outcome.CANCELLED : Outcome.APPLY_FAILED);
                } catch (FixRefusedException e) {
                    report(List.of("Refused: " + e.getMessage()), Outcome.APPLY_FAILED);
                } catch (ClusterConnectException e) {
                    report(List.of("Could not reach " + cluster.name() + ": " + e.getMessage()
                            + ". Nothing was applied."), Outcome.ERROR);
                } catch (RuntimeException e) {
                    KubetriageUiPlugin.logError(doing + " " + plan.fixId() + " failed", e);
                    report(List.of(doing + " failed: " + e + ". Check the cluster and the audit log " + auditFile()
                            + "."), Outcome.ERROR);
                }
                return Status.OK_STATUS;
            }
        });
    }

    /**
     * Has the executor refuse the fix (or the undo) on the read-only cluster, so that the audit log
     * records the refusal; nothing is sent. @return the line saying so
     */
    private String refuse(IProgressMonitor monitor) {
        String what = undoing == null ? "Apply" : "Undo";
        try {
            ApplyOptions readOnly = new ApplyOptions(true, false);
            if (undoing == null) {
                executor.apply(cluster.context(), finding, plan, readOnly, monitor);
            } else {
                executor.undo(cluster.context(), undoing, readOnly, monitor);
            }
            return "Refused: the cluster is read-only.";
        } catch (FixRefusedException e) {
            return what + " refused: " + e.getMessage();
        } catch (ClusterConnectException e) {
            return what + " refused: the cluster is read-only (" + e.getMessage() + ").";
        }
    }

    /** The report of an applied plan, or of an undo. */
    static List<String> describe(ApplyResult result, boolean undo) {
        List<String> lines = new ArrayList<>();
        result.steps().forEach(s -> lines.add("  " + s));
        for (StepOutcome s : result.steps()) {
            if (s.conflict()) {
                lines.add("409 Conflict: " + s.step().target() + " changed since "
                        + (undo ? "the fix was applied" : "the preview") + " (its resourceVersion is no longer "
                        + s.step().resourceVersion() + "). Nothing after it ran; "
                        + (undo ? "look at the object as it is now." : "diagnose again and preview the fix again."));
            }
        }
        String done = undo ? (result.ok() ? "Undone: " : "Not undone: ") : result.ok() ? "Applied: " : "Not applied: ";
        lines.add(done + result.message());
        List<StepOutcome> applied = result.applied();
        lines.add(applied.size() + " API step" + (applied.size() == 1 ? "" : "s") + " applied.");
        if (!result.byHand().isEmpty()) {
            lines.add("Still to do by hand (Kubetriage never runs runbook steps):");
            for (FixStep.RunbookStep book : result.byHand()) {
                lines.add("  on " + book.node() + ": " + book.summary());
                book.commands().forEach(c -> lines.add("    $ " + c));
            }
        }
        if (result.undo() != null) {
            lines.add("Undo record: " + result.undo().id());
        }
        if (result.auditProblem() != null) {
            lines.add("Warning: " + result.auditProblem());
        }
        return lines;
    }

    private void schedule(Job job) {
        current = job;
        job.schedule();
    }

    private void report(List<String> lines, Outcome end) {
        asyncExec(() -> {
            lines.forEach(listener::line);
            finish(end);
        });
    }

    /** On the UI thread. */
    private void finish(Outcome end) {
        outcome = end;
        current = null;
        try {
            listener.finished(end);
        } finally {
            AuditLogChanges.changed(auditFile());
        }
    }

    private void tell(String line) {
        asyncExec(() -> listener.line(line));
    }

    private void asyncExec(Runnable r) {
        if (display.isDisposed()) {
            return;
        }
        display.asyncExec(() -> {
            if (!display.isDisposed()) {
                r.run();
            }
        });
    }

    /** A job of the runner: user-visible in the Progress view, cancellable. */
    private abstract static class FixJob extends Job {
        FixJob(String name) {
            super(name);
            setUser(false);
            setSystem(false);
        }

        @Override
        public boolean belongsTo(Object family) {
            return family == JOB_FAMILY;
        }
    }
}
