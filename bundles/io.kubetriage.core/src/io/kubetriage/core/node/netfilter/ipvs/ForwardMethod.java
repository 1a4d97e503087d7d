package io.kubetriage.core.node.netfilter.ipvs;

/** How IPVS forwards to a real server. kube-proxy always uses {@link #MASQ}. */
public enum ForwardMethod {
    /** NAT: {@code Masq}, {@code -m}. */
    MASQ,
    /** Direct routing: {@code Route}, {@code -g}. */
    ROUTE,
    /** IP-in-IP: {@code Tunnel}, {@code -i}. */
    TUNNEL,
    /** The real server is this host: {@code Local}. */
    LOCAL,
    /** {@code Bypass}. */
    BYPASS,
    /** Not shown (e.g. {@code --stats} output) or not known. */
    UNKNOWN;

    /** From the {@code Forward} column of {@code ipvsadm -Ln}. */
    public static ForwardMethod fromColumn(String word) {
        return switch (word) {
            case "Masq" -> MASQ;
            case "Route" -> ROUTE;
            case "Tunnel" -> TUNNEL;
            case "Local" -> LOCAL;
            case "Bypass" -> BYPASS;
            default -> UNKNOWN;
        };
    }
}
