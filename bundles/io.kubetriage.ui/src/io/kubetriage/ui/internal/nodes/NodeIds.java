package io.kubetriage.ui.internal.nodes;

/**
 * The ids, test ids and fixed texts of the Node Networking view and the CNI Config editor, in a
 * class of their own so that the UI tests can name them.
 */
public final class NodeIds {

    /** Job family of every job the node views run: reading a snapshot, parsing a node's files. */
    public static final Object JOB_FAMILY = NodeIds.class;

    public static final String VIEW_ID = "io.kubetriage.ui.views.nodes";
    public static final String CNI_EDITOR_ID = "io.kubetriage.ui.editors.cni";

    public static final String SHOW_NODE_NETWORKING_COMMAND = "io.kubetriage.ui.commands.showNodeNetworking";
    public static final String OPEN_CNI_CONFIG_COMMAND = "io.kubetriage.ui.commands.openCniConfig";

    /** The context menu of the view's tables, for phases to contribute to ({@code popup:<id>}). */
    public static final String POPUP_ID = VIEW_ID;

    /** The preference holding the Service CIDR assumed when no kube-apiserver manifest names one. */
    public static final String PREF_DEFAULT_SERVICE_CIDR = "nodes.defaultServiceCidr";
    /** kube-apiserver's own default for {@code --service-cluster-ip-range}. */
    public static final String DEFAULT_SERVICE_CIDR = "10.96.0.0/12";
    /** kubespray's default Service CIDR, recognised from the {@code kubernetes} Service's ClusterIP. */
    public static final String KUBESPRAY_SERVICE_CIDR = "10.233.0.0/18";

    // ---------------------------------------------------------------- Node Networking view

    public static final String SOURCE = "nodes.source";
    public static final String NODE = "nodes.node";
    public static final String TABS = "nodes.tabs";
    public static final String IPVS_HEADER = "nodes.ipvs.header";
    public static final String IPVS_TREE = "nodes.ipvs.tree";
    public static final String IPTABLES_BANNER = "nodes.iptables.banner";
    public static final String IPTABLES_FILTER = "nodes.iptables.filter";
    public static final String IPTABLES_CHAINS = "nodes.iptables.chains";
    public static final String IPTABLES_RULES = "nodes.iptables.rules";
    public static final String IPTABLES_STATUS = "nodes.iptables.status";
    public static final String FINDINGS_BANNER = "nodes.findings.banner";
    public static final String FINDINGS_ONLY = "nodes.findings.only";

    /** Tab titles. */
    public static final String TAB_IPVS = "IPVS";
    public static final String TAB_IPTABLES = "iptables";

    /** The state column of a virtual service. */
    public static final String STATE_NO_REAL_SERVERS = "no real servers";
    public static final String STATE_DIFFERS = "differs from endpoints";
    public static final String STATE_OK = "ok";
    /** The state of a Service port for which the node has no virtual service at all. */
    public static final String STATE_MISSING = "missing: no virtual service";

    /** The banner of a node whose KUBE-* chains are all gone. */
    public static final String NO_KUBE_PROXY_RULES = "no kube-proxy rules on this node";
    /** The first row of the chain list: every rule of every table. */
    public static final String ALL_CHAINS = "(all chains)";

    /** IPVS tree column titles. */
    public static final String COL_VIRTUAL = "Virtual service / real server";
    public static final String COL_PROTOCOL = "Protocol";
    public static final String COL_SCHEDULER = "Scheduler";
    public static final String COL_PERSISTENCE = "Persistence";
    public static final String COL_REAL_SERVERS = "Real servers / forwarding";
    public static final String COL_WEIGHT = "Weight";
    public static final String COL_CONNECTIONS = "Active / inactive";
    public static final String COL_SERVICE = "Service";
    public static final String COL_ENDPOINTS = "Ready endpoints";
    public static final String COL_STATE = "State";
    public static final String COL_ON_KUBE_IPVS0 = "On kube-ipvs0";
    public static final String COL_LINE = "Line";
    /** The codes of the findings whose evidence points at the row (both tables). */
    public static final String COL_FINDINGS = "Findings";

    /** iptables table column titles. */
    public static final String COL_TABLE = "Table";
    public static final String COL_CHAIN = "Chain";
    public static final String COL_RULE = "Rule";
    public static final String COL_TARGET = "Target";

    // ---------------------------------------------------------------- CNI Config editor

    public static final String CNI_TABS = "cni.tabs";
    public static final String CNI_SUMMARY = "cni.summary";
    public static final String CNI_PLUGINS = "cni.plugins";
    public static final String CNI_CALICO = "cni.calico";
    public static final String CNI_SERVICE_CIDR = "cni.serviceCidr";
    public static final String CNI_PROBLEMS = "cni.problems";
    public static final String CNI_FINDINGS = "cni.findings";
    public static final String CNI_FILE = "cni.file";
    public static final String CNI_SOURCE = "cni.source";
    public static final String CNI_COMPARE_NODE = "cni.compareNode";
    public static final String CNI_COMPARE = "cni.compare";

    public static final String TAB_FORM = "Form";
    public static final String TAB_SOURCE = "Source";

    private NodeIds() {
    }
}
