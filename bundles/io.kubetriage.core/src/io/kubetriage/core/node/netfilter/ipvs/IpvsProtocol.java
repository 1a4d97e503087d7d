package io.kubetriage.core.node.netfilter.ipvs;

/** The kind of an IPVS virtual service. */
public enum IpvsProtocol {
    TCP,
    UDP,
    SCTP,
    /** A firewall-mark service ({@code FWM 100}, {@code -f 100}): matched by mark, not address. */
    FWM;

    /** The protocol of a Kubernetes ServicePort ({@code TCP}, {@code UDP}, {@code SCTP}), or null. */
    public static IpvsProtocol ofServiceProtocol(String protocol) {
        if (protocol == null) {
            return TCP; // the Kubernetes default
        }
        return switch (protocol.toUpperCase(java.util.Locale.ROOT)) {
            case "TCP" -> TCP;
            case "UDP" -> UDP;
            case "SCTP" -> SCTP;
            default -> null;
        };
    }
}
