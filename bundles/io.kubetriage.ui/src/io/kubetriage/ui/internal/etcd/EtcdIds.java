package io.kubetriage.ui.internal.etcd;

/**
 * The ids, test ids and fixed texts of the etcd Revisions view and the Restore Impact editor, in a
 * class of their own so that code which sees neither the compare framework nor the etcd connector
 * (the UI tests) can name them.
 */
public final class EtcdIds {

    /** Job family of every job the etcd views run: reading keys, histories, and restore previews. */
    public static final Object JOB_FAMILY = EtcdIds.class;

    public static final String VIEW_ID = "io.kubetriage.ui.views.etcd";
    public static final String RESTORE_IMPACT_EDITOR_ID = "io.kubetriage.ui.editors.restoreImpact";

    public static final String OPEN_BACKUP_COMMAND = "io.kubetriage.ui.commands.openEtcdBackup";
    public static final String SHOW_KEYS_COMMAND = "io.kubetriage.ui.commands.showEtcdKeys";
    public static final String PREVIEW_RESTORE_COMMAND = "io.kubetriage.ui.commands.previewRestore";

    // ---------------------------------------------------------------- etcd Revisions view

    public static final String SOURCE = "etcd.source";
    public static final String FILTER = "etcd.filter";
    public static final String TREE = "etcd.tree";
    public static final String DETAILS = "etcd.details";
    public static final String VALUE = "etcd.value";
    public static final String VALUE_TITLE = "etcd.valueTitle";
    public static final String HISTORY = "etcd.history";
    public static final String HISTORY_MESSAGE = "etcd.historyMessage";
    public static final String COMPARE = "etcd.compareRevisions";
    public static final String TABS = "etcd.tabs";
    public static final String REVISIONS_CHART = "etcd.chart.revisions";
    public static final String GAP_CHART = "etcd.chart.gap";
    public static final String GAP = "etcd.gap";

    /** The history's last row when older revisions were compacted away: {@code compacted at 8}. */
    public static final String COMPACTED_AT = "compacted at ";
    /** The group of keys that do not follow {@code /registry/<resource>/...}. */
    public static final String OTHER_KEYS = "(other keys)";
    /** The group of cluster-scoped objects under their resource. */
    public static final String CLUSTER_SCOPED = "(cluster-scoped)";

    /** History table column titles, also used by tests to find cells. */
    public static final String COL_REVISION = "Revision";
    public static final String COL_CHANGE = "Change";
    public static final String COL_VERSION = "Version";
    public static final String COL_CREATED = "Created at";
    public static final String COL_SIZE = "Size";

    // ---------------------------------------------------------------- Restore Impact editor

    public static final String IMPACT_SUMMARY = "restoreImpact.summary";
    public static final String IMPACT_REVISIONS = "restoreImpact.revisions";
    public static final String IMPACT_TABLE = "restoreImpact.table";
    public static final String IMPACT_MESSAGE = "restoreImpact.message";
    /** Followed by the impact kind's enum name, e.g. {@code restoreImpact.filter.WOULD_GO_BACK}. */
    public static final String IMPACT_FILTER_PREFIX = "restoreImpact.filter.";

    /** Impact table column titles. */
    public static final String COL_IMPACT = "Impact";
    public static final String COL_KIND = "Kind";
    public static final String COL_NAMESPACE = "Namespace";
    public static final String COL_NAME = "Name";
    public static final String COL_MOD_REVISION = "Mod revision now → in backup";
    public static final String COL_DETAILS = "Details";

    /** The texts of the impact column, by impact kind. */
    public static final String WOULD_GO_BACK = "would go back";
    public static final String WOULD_DISAPPEAR = "would disappear";
    public static final String WOULD_COME_BACK = "would come back";
    public static final String NEWER_IN_BACKUP = "newer in backup";

    private EtcdIds() {
    }
}
