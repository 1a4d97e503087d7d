package io.kubetriage.phase.routing;

import java.util.List;

import io.kubetriage.core.diagnosis.FindingCatalog.Entry;
import io.kubetriage.core.diagnosis.Severity;

/** The codes, catalogue entries and fix ids of the Service routing phase. */
public final class RoutingCodes {

    public static final String PHASE = "routing";

    public static final String NO_ENDPOINTS = "KT-ROUTING-001";
    public static final String CLUSTER_IP_MISSING = "KT-ROUTING-002";
    public static final String STALE_ENDPOINTS = "KT-ROUTING-003";
    public static final String IPVS_ADDRESS_MISSING = "KT-ROUTING-004";
    public static final String KUBE_PROXY = "KT-ROUTING-005";
    public static final String RULES_LOST = "KT-ROUTING-006";

    /** The etcd rollback of phase 1, named by code as the likely cause; it stands only when that finding is made. */
    public static final String ROLLBACK_CAUSE = "KT-ROLLBACK-001";

    public static final String FIX_RESTART_KUBE_PROXY = "routing.restart-kube-proxy";
    public static final String FIX_RECREATE_ADDON = "routing.recreate-kube-proxy-addon";
    public static final String FIX_RECREATE_SERVICE = "routing.recreate-service";

    /** The fix ids {@link RoutingFixes} plans, in order. */
    public static final List<String> FIX_IDS = List.of(FIX_RESTART_KUBE_PROXY, FIX_RECREATE_ADDON,
            FIX_RECREATE_SERVICE);

    static final Entry NO_ENDPOINTS_ENTRY = new Entry(NO_ENDPOINTS, Severity.ERROR,
            "A Service has no ready endpoints",
            "A Service with a selector lists no ready endpoint: its selector matches no ready Pod, or its Endpoints "
                    + "object and EndpointSlices are missing although Pods are ready. Connections to its ClusterIP "
                    + "are rejected or dropped on every node. Ready Pods that the Endpoints do not list mean the "
                    + "endpoints controller has not caught up, as after an etcd rollback; re-creating the Service "
                    + "makes it compute them afresh.",
            "The Service and its selector, its Endpoints object or EndpointSlices (or their absence), and the "
                    + "Pods the selector matches with their readiness.",
            List.of(FIX_RECREATE_SERVICE));

    static final Entry CLUSTER_IP_MISSING_ENTRY = new Entry(CLUSTER_IP_MISSING, Severity.ERROR,
            "ClusterIP ports are not served on a node",
            "kube-proxy has not programmed these Service ports on the node: in IPVS mode there is no virtual service "
                    + "for the ClusterIP and port, in iptables mode no KUBE-SERVICES rule or KUBE-SVC chain. Packets "
                    + "to them leave the node unchanged and go nowhere. When default/kubernetes is among them, "
                    + "everything on the node that reaches the API server through its ClusterIP fails, Calico's CNI "
                    + "plugin first. One finding per node.",
            "Per missing Service port: the ClusterIP, port and protocol, and the node file it was looked up in "
                    + "(ipvsadm or iptables-save).",
            List.of(FIX_RESTART_KUBE_PROXY, FIX_RECREATE_ADDON));

    static final Entry STALE_ENDPOINTS_ENTRY = new Entry(STALE_ENDPOINTS, Severity.ERROR,
            "A node sends a Service's traffic to other endpoints than the ready ones",
            "The IPVS real servers (or KUBE-SEP DNAT targets) of a Service on a node differ from the ready endpoints "
                    + "the API server lists: expected endpoints get no traffic, or traffic goes to addresses no longer "
                    + "listed, as when kube-proxy's view of the endpoints is stale (it missed watch events, e.g. "
                    + "after an etcd rollback). A virtual service with no real server drops every connection.",
            "Per node and port: the missing and the unexpected endpoints, with the line of the virtual service, "
                    + "real server or DNAT rule.",
            List.of(FIX_RESTART_KUBE_PROXY, FIX_RECREATE_SERVICE));

    static final Entry IPVS_ADDRESS_MISSING_ENTRY = new Entry(IPVS_ADDRESS_MISSING, Severity.ERROR,
            "kube-ipvs0 lacks ClusterIPs",
            "In IPVS mode kube-proxy binds every ClusterIP to the kube-ipvs0 dummy interface, so that the node takes "
                    + "packets to it and hands them to IPVS. A ClusterIP missing there is not served by the node even "
                    + "when its virtual service exists.",
            "Per missing ClusterIP: the Services that use it and the node's ip addr output.",
            List.of(FIX_RESTART_KUBE_PROXY, FIX_RECREATE_ADDON));

    static final Entry KUBE_PROXY_ENTRY = new Entry(KUBE_PROXY, Severity.ERROR,
            "kube-proxy is not running as configured",
            "kube-proxy does not run, or is not ready, on a node (nothing keeps its Service rules up to date), or "
                    + "there is no kube-proxy DaemonSet at all (reported once for the cluster), or kube-proxy runs "
                    + "in another mode than its ConfigMap asks: the ConfigMap says ipvs while the node has "
                    + "iptables-mode KUBE-SVC chains and no IPVS virtual service, the fallback kube-proxy takes when it "
                    + "logs \"Can't use ipvs proxier\" (the IPVS kernel modules are missing).",
            "The kube-proxy Pods of the node with their phase and Ready condition, or the missing DaemonSet; for a "
                    + "mode mismatch the ConfigMap's mode, the KUBE-SVC chains, the empty IPVS table and events "
                    + "quoting \"Can't use ipvs proxier\".",
            List.of(FIX_RESTART_KUBE_PROXY, FIX_RECREATE_ADDON));

    static final Entry RULES_LOST_ENTRY = new Entry(RULES_LOST, Severity.ERROR,
            "kube-proxy's rules are gone from a node",
            "The node's nat table holds none of kube-proxy's chains (KUBE-SERVICES, KUBE-SVC-*, KUBE-SEP-*, "
                    + "KUBE-NODEPORTS), and in IPVS mode no ClusterIP has a virtual service: kube-proxy's whole state "
                    + "is gone, no Service is reachable from the node, and kube-proxy (if it runs) has not written it "
                    + "back. Seen after an etcd restore of an old backup when kube-proxy's addon objects went back "
                    + "with it.",
            "The nat table as collected (which KUBE-* chains it still has, e.g. the kubelet's), and in IPVS mode the "
                    + "IPVS table without any ClusterIP.",
            List.of(FIX_RESTART_KUBE_PROXY, FIX_RECREATE_ADDON));

    /** Every entry, in code order. */
    public static final List<Entry> ALL = List.of(NO_ENDPOINTS_ENTRY, CLUSTER_IP_MISSING_ENTRY, STALE_ENDPOINTS_ENTRY,
            IPVS_ADDRESS_MISSING_ENTRY, KUBE_PROXY_ENTRY, RULES_LOST_ENTRY);

    private RoutingCodes() {
    }
}
