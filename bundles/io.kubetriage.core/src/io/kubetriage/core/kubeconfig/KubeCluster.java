package io.kubetriage.core.kubeconfig;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@code clusters[]} entry of a kubeconfig file. Only what is needed to tell the clusters apart
 * is kept; TLS material stays in the file and is read when connecting.
 *
 * @param name       the entry's name, referenced by contexts
 * @param server     the API server URL as written, or null when the entry has none
 * @param sourceFile the kubeconfig file that defines the entry
 */
public record KubeCluster(String name, String server, Path sourceFile) {

    public KubeCluster {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sourceFile, "sourceFile");
    }
}
