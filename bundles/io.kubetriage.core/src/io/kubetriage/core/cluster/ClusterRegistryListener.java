package io.kubetriage.core.cluster;

/**
 * Told about changes to a {@link ClusterRegistry}. Called on the thread that made the change,
 * outside the registry's lock, so it may read the registry; UI code must switch to its own thread.
 */
@FunctionalInterface
public interface ClusterRegistryListener {

    void registryChanged(ClusterRegistryEvent event);
}
