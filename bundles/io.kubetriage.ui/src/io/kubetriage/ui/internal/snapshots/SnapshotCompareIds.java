package io.kubetriage.ui.internal.snapshots;

/**
 * The test ids and fixed texts of the snapshot compare editor, in a class of their own so that code
 * which does not see the compare framework (the UI tests) can name them.
 */
public final class SnapshotCompareIds {

    public static final String TREE = "snapshotCompare.tree";
    public static final String SUMMARY = "snapshotCompare.summary";
    public static final String HIDE_STATUS = "snapshotCompare.hideStatus";
    public static final String HIDE_RESOURCE_VERSION = "snapshotCompare.hideResourceVersion";
    public static final String HIDE_TIMESTAMPS = "snapshotCompare.hideTimestamps";
    public static final String HIDE_GENERATION = "snapshotCompare.hideGeneration";

    /** Between an object's name and its change in the tree: {@code web — added}. */
    public static final String SEPARATOR = " — ";
    /** The tree's only row when nothing differs. */
    public static final String NO_DIFFERENCES = "No differences";

    private SnapshotCompareIds() {
    }
}
