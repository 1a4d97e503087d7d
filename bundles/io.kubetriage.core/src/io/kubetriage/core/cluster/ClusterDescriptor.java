package io.kubetriage.core.cluster;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.kubeconfig.KubeContext;

/**
 * A cluster the user can open: a kubeconfig context plus the settings Kubetriage keeps for it.
 * Immutable; the {@code with…} methods return changed copies.
 */
public final class ClusterDescriptor {

    private final String id;
    private final KubeContext context;
    private final EtcdEndpoints etcd;
    private final boolean readOnly;

    /**
     * @param context  the kubeconfig context
     * @param etcd     how to reach the cluster's etcd members, or null when not configured
     * @param readOnly whether actions that change the cluster are disabled, e.g. for production
     */
    public ClusterDescriptor(KubeContext context, EtcdEndpoints etcd, boolean readOnly) {
        this.context = Objects.requireNonNull(context, "context");
        this.id = idOf(context.sourceFile(), context.name());
        this.etcd = etcd;
        this.readOnly = readOnly;
    }

    /** A descriptor with no etcd settings that allows changes. */
    public static ClusterDescriptor of(KubeContext context) {
        return new ClusterDescriptor(context, null, false);
    }

    /**
     * The ID of a context: its file's absolute path and its name, as {@code path#name}. It stays
     * the same across reloads of the kubeconfig files, so settings stored under it survive them.
     */
    public static String idOf(Path kubeconfigFile, String contextName) {
        return kubeconfigFile.toAbsolutePath().normalize() + "#" + contextName;
    }

    public String id() {
        return id;
    }

    public KubeContext context() {
        return context;
    }

    /** The context's name, which is what the user knows the cluster by. */
    public String name() {
        return context.name();
    }

    public Optional<EtcdEndpoints> etcd() {
        return Optional.ofNullable(etcd);
    }

    public boolean readOnly() {
        return readOnly;
    }

    public ClusterDescriptor withEtcd(EtcdEndpoints newEtcd) {
        return new ClusterDescriptor(context, newEtcd, readOnly);
    }

    public ClusterDescriptor withReadOnly(boolean newReadOnly) {
        return new ClusterDescriptor(context, etcd, newReadOnly);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterDescriptor other
                && context.equals(other.context)
                && Objects.equals(etcd, other.etcd)
                && readOnly == other.readOnly;
    }

    @Override
    public int hashCode() {
        return Objects.hash(context, etcd, readOnly);
    }

    @Override
    public String toString() {
        return "ClusterDescriptor[id=" + id + ", etcd=" + (etcd == null ? "none" : etcd.describe())
                + ", readOnly=" + readOnly + "]";
    }
}
