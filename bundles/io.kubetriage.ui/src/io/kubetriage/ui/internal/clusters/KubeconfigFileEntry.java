package io.kubetriage.ui.internal.clusters;

import java.nio.file.Path;

import io.kubetriage.core.kubeconfig.KubeconfigException;

/**
 * A kubeconfig file shown in the Clusters view: its contexts below it, or the reason it could not
 * be read.
 *
 * @param file      the file
 * @param error     why the file could not be read, or null
 * @param userAdded whether the user added it in Kubetriage (rather than {@code $KUBECONFIG})
 */
public record KubeconfigFileEntry(Path file, KubeconfigException error, boolean userAdded) {
}
