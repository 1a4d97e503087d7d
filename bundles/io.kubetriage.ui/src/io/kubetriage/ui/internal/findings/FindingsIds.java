package io.kubetriage.ui.internal.findings;

/**
 * The ids, test ids and fixed texts of the Findings view and its Quick Fix dialog, in a class of
 * their own so that the UI tests (and the phase UI bundles) can name them.
 */
public final class FindingsIds {

    /** Job family of every diagnosis job the Findings view runs. */
    public static final Object JOB_FAMILY = FindingsIds.class;

    public static final String VIEW_ID = "io.kubetriage.ui.views.findings";
    public static final String CONTEXT_ID = "io.kubetriage.ui.contexts.findings";

    public static final String DIAGNOSE_COMMAND = "io.kubetriage.ui.commands.diagnose";
    public static final String QUICK_FIX_COMMAND = "io.kubetriage.ui.commands.quickFix";
    public static final String RERUN_COMMAND = "io.kubetriage.ui.commands.rerunDiagnosis";

    /** The popup menu of the findings tree: phase UI bundles contribute to {@code popup:} this id. */
    public static final String POPUP_ID = VIEW_ID;

    // ---------------------------------------------------------------- Findings view test ids

    public static final String TREE = "findings.tree";
    public static final String STATUS = "findings.status";
    public static final String TITLE = "findings.evidence.title";
    public static final String EXPLANATION = "findings.evidence.explanation";
    public static final String EVIDENCE = "findings.evidence.table";
    public static final String AFFECTED = "findings.evidence.affected";

    // ---------------------------------------------------------------- Quick Fix dialog test ids

    public static final String QUICK_FIX_SHELL = "findings.quickfix";
    public static final String QUICK_FIX_PLANS = "findings.quickfix.plans";
    public static final String QUICK_FIX_STEPS = "findings.quickfix.steps";
    public static final String QUICK_FIX_PREVIEW = "findings.quickfix.preview";
    public static final String QUICK_FIX_MUTATES = "findings.quickfix.mutates";
    public static final String QUICK_FIX_CONFIRMATION = "findings.quickfix.confirmation";
    public static final String QUICK_FIX_APPLY_NOTE = "findings.quickfix.applyNote";
    public static final String QUICK_FIX_APPLY = "findings.quickfix.apply";
    /** The report of Apply: the dry run's and the apply's step outcomes. */
    public static final String QUICK_FIX_APPLY_LOG = "findings.quickfix.applyLog";
    /** Cancels the dry run or apply under way. */
    public static final String QUICK_FIX_STOP = "findings.quickfix.stop";
    /** The link to the Fix History view, shown once Apply ran. */
    public static final String QUICK_FIX_SHOW_HISTORY = "findings.quickfix.showHistory";
    public static final String QUICK_FIX_COPY = "findings.quickfix.copy";
    public static final String QUICK_FIX_CLOSE = "findings.quickfix.close";

    // ---------------------------------------------------------------- texts

    /** Tree column titles. */
    public static final String COL_FINDING = "Finding";
    public static final String COL_TITLE = "Title";
    public static final String COL_AFFECTED = "Affected";

    /** What the Quick Fix dialog says about applying a plan diagnosed from snapshots. */
    public static final String APPLY_NEEDS_LIVE_CLUSTER = "Applying a fix needs a live, connected cluster. "
            + "This diagnosis was made from snapshots, so nothing can be applied from here: Apply is disabled. "
            + "Copy the runbook and carry it out by hand, or connect to the cluster and apply the fix from a live diagnosis.";

    /** The status line before any diagnosis. */
    public static final String NOTHING_DIAGNOSED = "Select a snapshot (two: the older one is the baseline) "
            + "in the Snapshots view and run Diagnose.";

    private FindingsIds() {
    }
}
