package io.kubetriage.ui.internal.sample;

/**
 * The ids, preference keys and fixed texts of the built-in sample incident, in a class of their own
 * so that the UI tests can name them.
 */
public final class SampleIds {

    /** Job family of the job that imports and opens the sample. */
    public static final Object JOB_FAMILY = SampleIds.class;

    public static final String OPEN_COMMAND = "io.kubetriage.ui.commands.openSampleIncident";

    /** Workspace preference: true once the sample was opened in this workspace (by hand or at first start). */
    public static final String PREF_SHOWN = "sample.shown";

    /**
     * System property; {@code false} keeps the workbench from opening the sample by itself at the
     * first start without clusters (the UI tests open it themselves, in a shared workspace).
     */
    public static final String PROP_OPEN_ON_FIRST_START = "kubetriage.sample.openOnFirstStart";

    /** The node and CNI file the sample opens on: where Calico's kubeconfig names the dead ClusterIP. */
    public static final String NODE = "master-1";
    public static final String CNI_FILE = "10-calico.conflist";

    /** What the workbench says when it opened the sample because no cluster is configured. */
    public static final String FIRST_START_MESSAGE = "Sample incident \u2014 no cluster configured";
    /** What it says when the sample was opened from the Help menu. */
    public static final String OPENED_MESSAGE = "Sample incident \u2014 built into Kubetriage, no live cluster";

    /** What the Quick Fix dialog says about the sample's fixes. */
    public static final String QUICK_FIX_NOTE = "This is the built-in sample incident: its snapshots come with "
            + "Kubetriage and no live cluster stands behind them, so nothing can be applied. The preview shows "
            + "exactly what the fix would do; on your own cluster, connect it and apply the fix from a live diagnosis.";

    public static final String ERROR_TITLE = "Sample Incident";

    private SampleIds() {
    }
}
