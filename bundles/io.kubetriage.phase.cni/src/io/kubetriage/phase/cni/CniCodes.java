package io.kubetriage.phase.cni;

import java.util.List;

import io.kubetriage.core.diagnosis.FindingCatalog.Entry;
import io.kubetriage.core.diagnosis.Severity;

/** The codes, catalogue entries and fix ids of the CNI reachability phase. */
public final class CniCodes {

    public static final String PHASE = "cni";

    public static final String API_SERVER_UNREACHABLE = "KT-CNI-001";
    public static final String CALICO_NODE_NOT_READY = "KT-CNI-002";
    public static final String SANDBOX_ERRORS = "KT-CNI-003";
    public static final String INVALID_CONFIG = "KT-CNI-004";

    public static final String FIX_SET_API_SERVER_ENDPOINT = "cni.set-apiserver-endpoint";
    public static final String FIX_RESTART_CALICO_NODE = "cni.restart-calico-node";

    /** The routing phase's finding of a node that does not serve a ClusterIP at all. */
    static final String ROUTING_NOT_SERVED = "KT-ROUTING-002";
    /** The routing phase's finding of a node whose kube-ipvs0 lacks ClusterIPs. */
    static final String ROUTING_IPVS_ADDRESS_MISSING = "KT-ROUTING-004";
    /** The routing phase's finding of a Service whose endpoints nodes do not (all) reach. */
    static final String ROUTING_NO_ENDPOINTS = "KT-ROUTING-003";

    public static final Entry API_SERVER_UNREACHABLE_ENTRY = new Entry(API_SERVER_UNREACHABLE, Severity.ERROR,
            "The CNI plugin reaches the API server through a ClusterIP the node does not serve",
            "The API server address Calico uses on a node (the server of /etc/cni/net.d/calico-kubeconfig, or "
                    + "KUBERNETES_SERVICE_HOST set on calico-node) is a Service ClusterIP, usually that of the "
                    + "kubernetes Service, and the node's kube-proxy rules do not deliver that ClusterIP and port to "
                    + "the API server's endpoints. The CNI plugin cannot ask the API server for anything, so no new "
                    + "Pod gets a network ('dial tcp 10.233.0.1:443: i/o timeout') and calico-node does not become "
                    + "Ready. Pointing calico-node at the API server's real address breaks the dependency on "
                    + "kube-proxy.",
            "The server line of the kubeconfig (node file and line) or the calico-node env, the route of that "
                    + "ClusterIP:port on the node with its verdict and missing hops, and the ready endpoints of "
                    + "default/kubernetes.",
            List.of(FIX_SET_API_SERVER_ENDPOINT, FIX_RESTART_CALICO_NODE));

    public static final Entry CALICO_NODE_NOT_READY_ENTRY = new Entry(CALICO_NODE_NOT_READY, Severity.ERROR,
            "calico-node is not Ready on a node",
            "The calico-node Pod of a node is not Ready (its Ready condition is false, a container is not ready or "
                    + "restarts in a loop), or a node that has Calico's CNI files runs no calico-node Pod at all. "
                    + "Without it the node's routes and policies are not programmed and its CNI plugin may have no "
                    + "API server to talk to.",
            "The calico-node Pod with its conditions and container states, or the node without one.",
            List.of(FIX_SET_API_SERVER_ENDPOINT, FIX_RESTART_CALICO_NODE));

    public static final Entry SANDBOX_ERRORS_ENTRY = new Entry(SANDBOX_ERRORS, Severity.ERROR,
            "Pod sandboxes fail to get a network",
            "Events report that the container runtime could not set up a Pod's sandbox network "
                    + "(FailedCreatePodSandBox, 'networkPlugin cni failed to set up pod', 'failed to setup network "
                    + "for sandbox', 'error getting ClusterInformation'). The Pods stay in ContainerCreating. One "
                    + "finding per node; when the address the plugin dialed is the node's unserved CNI API server "
                    + "address, KT-CNI-001 of that node is the cause.",
            "Each event, with the Pod it names and the address the plugin dialed.",
            List.of(FIX_SET_API_SERVER_ENDPOINT, FIX_RESTART_CALICO_NODE));

    public static final Entry INVALID_CONFIG_ENTRY = new Entry(INVALID_CONFIG, Severity.ERROR,
            "The node's CNI configuration is invalid",
            "A file of the node's /etc/cni/net.d cannot be read as CNI configuration, names a plugin type that is "
                    + "not known, or names a kubeconfig the node lacks (often a placeholder Calico's install-cni "
                    + "never replaced). The container runtime then cannot set up Pod networking as intended. "
                    + "Restarting calico-node reruns install-cni, which writes the files again.",
            "Each problem, with the file and line it is on.",
            List.of(FIX_RESTART_CALICO_NODE));

    /** Every entry, in code order. */
    public static final List<Entry> ALL = List.of(API_SERVER_UNREACHABLE_ENTRY, CALICO_NODE_NOT_READY_ENTRY,
            SANDBOX_ERRORS_ENTRY, INVALID_CONFIG_ENTRY);

    private CniCodes() {
    }

    /** The subject of a finding id ({@code KT-CNI-001:node-2} gives {@code node-2}), or null. */
    public static String subject(String findingId) {
        int colon = findingId == null ? -1 : findingId.indexOf(':');
        return colon < 0 ? null : findingId.substring(colon + 1);
    }
}
