package io.kubetriage.phase.rollback.ui;

/** The ids and test ids of the Rollout History editor and its command. */
public final class RolloutHistoryIds {

    public static final String EDITOR_ID = "io.kubetriage.phase.rollback.ui.editors.rolloutHistory";
    public static final String OPEN_COMMAND = "io.kubetriage.phase.rollback.ui.commands.openRolloutHistory";

    /** SWTBot's data key, under which widgets carry their test id. */
    public static final String KEY = "org.eclipse.swtbot.widget.key";

    public static final String HEADER = "rolloutHistory.header";
    public static final String TABLE = "rolloutHistory.table";
    public static final String COMPARE = "rolloutHistory.compare";

    /** The note of a revision two or more ReplicaSets carry. */
    public static final String DUPLICATE = "duplicate revision";

    private RolloutHistoryIds() {
    }
}
