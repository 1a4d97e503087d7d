package io.kubetriage.core.node;

import java.util.Locale;

/** How kube-proxy programs a node, as far as it is known. */
public enum ProxyMode {
    IPTABLES,
    IPVS,
    NFTABLES,
    UNKNOWN;

    /**
     * The mode written in kube-proxy's configuration ({@code mode:}); an empty value means
     * iptables on Linux.
     */
    public static ProxyMode fromConfig(String mode) {
        if (mode == null) {
            return UNKNOWN;
        }
        return switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "", "iptables" -> IPTABLES;
            case "ipvs" -> IPVS;
            case "nftables" -> NFTABLES;
            default -> UNKNOWN;
        };
    }
}
