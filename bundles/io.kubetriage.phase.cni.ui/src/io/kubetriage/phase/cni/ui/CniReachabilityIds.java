package io.kubetriage.phase.cni.ui;

/** The ids and test ids of the CNI Reachability view. */
public final class CniReachabilityIds {

    public static final String VIEW_ID = "io.kubetriage.phase.cni.ui.views.cniReachability";
    public static final String SHOW_COMMAND = "io.kubetriage.phase.cni.ui.commands.showCniReachability";

    /** Job family of the view's jobs. */
    public static final Object JOB_FAMILY = CniReachabilityIds.class;

    public static final String STATUS = "cniReach.status";
    public static final String TABLE = "cniReach.table";

    /** Table columns. */
    public static final int COL_NODE = 0;
    public static final int COL_SERVER = 1;
    public static final int COL_FROM = 2;
    public static final int COL_CLUSTER_IP = 3;
    public static final int COL_SERVED = 4;
    public static final int COL_CALICO_NODE = 5;
    public static final int COL_FINDINGS = 6;

    private CniReachabilityIds() {
    }
}
