package io.kubetriage.phase.routing.ui;

/** The ids and test ids of the Service Routes view. */
public final class RoutesIds {

    public static final String VIEW_ID = "io.kubetriage.phase.routing.ui.views.serviceRoutes";
    public static final String SHOW_COMMAND = "io.kubetriage.phase.routing.ui.commands.showServiceRoutes";

    /** Job family of the view's jobs: reading a snapshot, routing a Service port on every node. */
    public static final Object JOB_FAMILY = RoutesIds.class;

    public static final String STATUS = "routes.status";
    public static final String FILTER = "routes.filter";
    public static final String PORTS = "routes.ports";
    public static final String ROUTES = "routes.tree";

    /** Route tree columns. */
    public static final int COL_WHAT = 0;
    public static final int COL_STATE = 1;
    public static final int COL_SOURCE = 2;
    public static final int COL_LINE = 3;
    public static final int COL_DETAIL = 4;

    /** Endpoint states. */
    public static final String ENDPOINT_OK = "sent to, ready";
    public static final String ENDPOINT_MISSING = "ready, not sent to";
    public static final String ENDPOINT_UNEXPECTED = "sent to, not ready";

    private RoutesIds() {
    }
}
