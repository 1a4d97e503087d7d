package io.kubetriage.core.node.cni;

/**
 * What Kubetriage reads from a {@code "type": "calico"} plugin.
 *
 * @param kubeconfigPath  {@code kubernetes.kubeconfig}: the file Calico reads the API server address
 *                        and token from, or null
 * @param kubeconfigLine  the line of that value, or 0
 * @param datastoreType   {@code datastore_type} ({@code kubernetes} or {@code etcdv3}), or null
 * @param ipamType        {@code ipam.type} ({@code calico-ipam}, {@code host-local}), or null
 */
public record CalicoSettings(String kubeconfigPath, int kubeconfigLine, String datastoreType, String ipamType) {
}
