package io.kubetriage.core.kubeconfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Looks up the cluster and user a context names and says what makes it unusable, following the
 * checks kubectl makes before it uses a context.
 */
final class ContextResolver {

    // A namespace name is a DNS-1123 label.
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_NAMESPACE_LENGTH = 63;

    private final Map<String, KubeCluster> clusters;
    private final Map<String, KubeUser> users;
    private final String where;

    /**
     * @param where names the file or files searched, for messages such as
     *              "cluster 'x' is not defined in /home/me/.kube/config"
     */
    ContextResolver(Map<String, KubeCluster> clusters, Map<String, KubeUser> users, String where) {
        this.clusters = clusters;
        this.users = users;
        this.where = where;
    }

    KubeContext resolve(String name, String clusterName, String userName, String namespace,
            Path sourceFile) {
        List<String> problems = new ArrayList<>();
        String server = null;
        if (clusterName == null) {
            problems.add("context '" + name + "' does not name a cluster");
        } else {
            KubeCluster cluster = clusters.get(clusterName);
            if (cluster == null) {
                problems.add("cluster '" + clusterName + "' is not defined in " + where);
            } else if (cluster.server() == null) {
                problems.add("cluster '" + clusterName + "' has no server URL");
            } else {
                server = cluster.server();
            }
        }
        if (userName == null) {
            problems.add("context '" + name + "' does not name a user");
        } else if (!users.containsKey(userName)) {
            problems.add("user '" + userName + "' is not defined in " + where);
        }
        if (namespace != null && !namespace.isBlank() && !isValidNamespace(namespace)) {
            problems.add("namespace '" + namespace + "' is not a valid namespace name");
        }
        String problem = problems.isEmpty() ? null : String.join("; ", problems);
        return new KubeContext(name, clusterName, server, userName, namespace, sourceFile, problem);
    }

    /** Looks the context up again, for example against the clusters of several merged files. */
    KubeContext resolve(KubeContext context) {
        return resolve(context.name(), context.clusterName(), context.userName(),
                context.namespace(), context.sourceFile());
    }

    static boolean isValidNamespace(String namespace) {
        return namespace.length() <= MAX_NAMESPACE_LENGTH && NAMESPACE.matcher(namespace).matches();
    }
}
