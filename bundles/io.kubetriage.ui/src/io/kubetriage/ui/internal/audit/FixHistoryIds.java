package io.kubetriage.ui.internal.audit;

/** The ids, test ids and commands of the Fix History view, named by the UI tests and the Quick Fix dialog. */
public final class FixHistoryIds {

    /** Job family of the view's reading jobs. */
    public static final Object JOB_FAMILY = FixHistoryIds.class;

    public static final String VIEW_ID = "io.kubetriage.ui.views.fixHistory";
    public static final String CONTEXT_ID = "io.kubetriage.ui.contexts.fixHistory";
    public static final String UNDO_COMMAND = "io.kubetriage.ui.commands.undoFix";
    public static final String REFRESH_COMMAND = "io.kubetriage.ui.commands.refreshFixHistory";

    // ---------------------------------------------------------------- test ids

    public static final String TABLE = "fixHistory.table";
    public static final String STATUS = "fixHistory.status";
    public static final String DETAILS = "fixHistory.details";
    /** What Undo… reports: the dry run's and the undo's step outcomes. */
    public static final String REPORT = "fixHistory.report";
    public static final String UNDO = "fixHistory.undo";
    public static final String COMPARE = "fixHistory.compare";
    public static final String STOP = "fixHistory.stop";

    /** Column titles. */
    public static final String COL_WHEN = "When";
    public static final String COL_CLUSTER = "Cluster";
    public static final String COL_USER = "User";
    public static final String COL_FINDING = "Finding";
    public static final String COL_FIX = "Fix";
    public static final String COL_ACTION = "Action";
    public static final String COL_RESULT = "Result";

    private FixHistoryIds() {
    }
}
