package io.kubetriage.core.node.cni;

import java.util.List;

/**
 * The result of checking a node's {@code /etc/cni/net.d}.
 *
 * @param configs    the network configuration files that could be read, in name order
 * @param apiServers every API server address named by a kubeconfig a plugin references
 * @param problems   what is wrong, in file order
 */
public record CniValidation(List<CniConfig> configs, List<ApiServer> apiServers, List<CniProblem> problems) {

    /**
     * An API server address a plugin uses.
     *
     * @param kubeconfigFile the kubeconfig file (name under {@code /etc/cni/net.d}, or the path)
     * @param line           the line of {@code server:}, or 0
     * @param server         the URL as written
     * @param host           the host part, without brackets
     * @param clusterIp      whether the host is inside the Service CIDR given to the check
     */
    public record ApiServer(String kubeconfigFile, int line, String server, String host, boolean clusterIp) {
    }

    /** The configuration the container runtime uses: the first file in name order. */
    public CniConfig active() {
        return configs.isEmpty() ? null : configs.get(0);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
