package io.kubetriage.core.kubeconfig;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A context from a kubeconfig file, with the cluster and user it names already looked up.
 * Contexts that cannot be used are still listed, with {@link #problem()} saying why, so the user
 * sees every context kubectl would show.
 *
 * @param name        the context's name
 * @param clusterName the cluster the context names, or null when it names none
 * @param serverUrl   the API server URL of that cluster, or null when the cluster is missing or
 *                    has no server
 * @param userName    the user the context names, or null when it names none
 * @param namespace   the context's namespace; {@code "default"} when the file gives none
 * @param sourceFile  the kubeconfig file that defines the context
 * @param problem     why the context cannot be used, or null when it can
 */
public record KubeContext(
        String name,
        String clusterName,
        String serverUrl,
        String userName,
        String namespace,
        Path sourceFile,
        String problem) {

    /** The namespace kubectl uses when a context does not set one. */
    public static final String DEFAULT_NAMESPACE = "default";

    public KubeContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sourceFile, "sourceFile");
        if (namespace == null || namespace.isBlank()) {
            namespace = DEFAULT_NAMESPACE;
        }
    }

    /** Whether the context names an existing cluster with a server and an existing user. */
    public boolean isUsable() {
        return problem == null;
    }
}
