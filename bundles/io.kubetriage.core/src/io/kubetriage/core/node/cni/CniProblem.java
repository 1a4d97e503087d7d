package io.kubetriage.core.node.cni;

/**
 * Something wrong with a node's CNI configuration.
 *
 * @param file    the file the problem is in (a name under {@code /etc/cni/net.d})
 * @param pointer the JSON pointer of the value ({@code /plugins/0/type}), or null
 * @param line    the 1-based line, or 0 when unknown
 * @param kind    what kind of problem
 * @param message a sentence for the user
 */
public record CniProblem(String file, String pointer, int line, Kind kind, String message) {

    public enum Kind {
        /** A configuration file that is not valid JSON or not shaped like a CNI configuration. */
        UNREADABLE_FILE,
        /** A plugin type outside the list of well-known plugins: a typo, or a binary that may be missing. */
        UNKNOWN_PLUGIN_TYPE,
        /** A kubeconfig named by a plugin that is not among the node's files. */
        KUBECONFIG_MISSING,
        /** A kubeconfig named by a plugin that cannot be read. */
        KUBECONFIG_UNREADABLE,
        /**
         * The kubeconfig's API server is a ClusterIP: the plugin reaches the API server only while
         * kube-proxy's rules for the {@code kubernetes} Service work.
         */
        SERVER_IS_CLUSTER_IP,
        /** No network configuration file at all: the runtime cannot set up pod networking. */
        NO_NETWORK_CONFIG
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + (pointer != null ? " " + pointer : "") + ": " + message;
    }
}
