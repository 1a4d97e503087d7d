package io.kubetriage.core.node.routing;

/**
 * One step a packet to a Service takes on a node, and whether the node's data has it.
 *
 * @param kind     what kind of step
 * @param name     what it is, e.g. {@code nat PREROUTING -> KUBE-SERVICES}, {@code KUBE-SVC-NPX46M4PTMTKRN6Y},
 *                 {@code TCP 10.233.0.1:443}
 * @param state    whether it exists
 * @param source   the data it was looked up in: {@code iptables-save}, {@code ip6tables-save},
 *                 {@code ipvsadm}, {@code ip-addr}
 * @param line     the line behind it in that data, or 0
 * @param detail   a short explanation, or null
 * @param required whether the Service is not (fully) served without it
 */
public record Hop(Kind kind, String name, State state, String source, int line, String detail, boolean required) {

    public enum Kind {
        /** The jump from a built-in nat chain (PREROUTING for pods, OUTPUT for the node itself) to KUBE-SERVICES. */
        ENTRY_JUMP,
        /** The KUBE-SERVICES rule that matches the ClusterIP and port. */
        SERVICE_RULE,
        /** A per-Service chain: KUBE-SVC-*, KUBE-SVL-*, KUBE-EXT-*, KUBE-FW-*. */
        SERVICE_CHAIN,
        /** A per-endpoint chain: KUBE-SEP-*. */
        ENDPOINT_CHAIN,
        /** A DNAT rule to an endpoint. */
        DNAT,
        /** A REJECT or DROP rule for the Service (kube-proxy's "has no endpoints"). */
        REJECT,
        /** The IPVS virtual service for the ClusterIP and port. */
        IPVS_VIRTUAL_SERVICE,
        /** A real server of the virtual service. */
        IPVS_REAL_SERVER,
        /** The ClusterIP on the kube-ipvs0 dummy interface, which delivers it to IPVS. */
        CLUSTER_IP_ADDRESS,
        /** kube-proxy's IPVS-mode iptables rule matching the KUBE-CLUSTER-IP ipset (masquerading). */
        CLUSTER_IP_SET_RULE
    }

    public enum State {
        PRESENT,
        MISSING,
        /** The data needed to tell was not collected. */
        UNKNOWN
    }
}
