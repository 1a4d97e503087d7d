package io.kubetriage.ui.internal.clusters;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;

import io.kubetriage.connector.etcd.EtcdConnectException;
import io.kubetriage.connector.etcd.EtcdStatusReader;
import io.kubetriage.connector.kube.ClusterConnectException;
import io.kubetriage.connector.kube.KubeClusterProbe;
import io.kubetriage.core.cluster.ClusterConnectionStatus;
import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.cluster.ClusterInfo;
import io.kubetriage.core.cluster.ConnectionState;
import io.kubetriage.core.etcd.EtcdClusterStatus;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.ui.internal.clusters.ClusterSettingsStore.SettingsException;

/**
 * Connects one cluster: asks its API server for version, nodes and namespaces, and its etcd
 * members (when configured) for their status. Failures end on the cluster's row, never in a
 * dialog, so connecting ten clusters with five down makes no modal storm.
 */
final class ConnectClusterJob extends ClusterSession.SessionJob {

    private final ClusterDescriptor descriptor;
    private final ClusterSession session;

    ConnectClusterJob(ClusterDescriptor descriptor, ClusterSession session) {
        super("Connecting to " + descriptor.name());
        this.descriptor = descriptor;
        this.session = session;
        setUser(false);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, getName(), descriptor.etcd().isPresent() ? 3 : 2);
        try {
            ClusterInfo info = null;
            String error = null;
            try {
                info = new KubeClusterProbe().probe(descriptor.context(), progress.split(2));
            } catch (ClusterConnectException e) {
                error = e.getMessage();
            }
            EtcdClusterStatus etcd = null;
            if (descriptor.etcd().isPresent()) {
                etcd = readEtcd(descriptor.etcd().get(), progress.split(1));
            }
            ClusterConnectionStatus status = error == null
                    ? ClusterConnectionStatus.connected(
                            new ClusterInfo(info.serverVersion(), info.nodeCount(), info.namespaceCount(), etcd),
                            Instant.now())
                    : ClusterConnectionStatus.failed(error, Instant.now());
            report(status, etcd);
            return Status.OK_STATUS;
        } catch (OperationCanceledException e) {
            report(ClusterConnectionStatus.cancelled(Instant.now()), null);
            return Status.CANCEL_STATUS;
        }
    }

    private EtcdClusterStatus readEtcd(EtcdEndpoints endpoints, IProgressMonitor monitor) {
        try {
            char[] password = session.settings().etcdPassword(descriptor.id());
            return new EtcdStatusReader().read(endpoints, password, monitor);
        } catch (EtcdConnectException | SettingsException e) {
            Map<URI, String> failures = new LinkedHashMap<>();
            for (URI endpoint : endpoints.endpoints()) {
                failures.put(endpoint, e.getMessage());
            }
            return new EtcdClusterStatus(List.of(), failures);
        }
    }

    /** A disconnect while the job ran wins: its state is not overwritten. */
    private void report(ClusterConnectionStatus status, EtcdClusterStatus etcd) {
        boolean stillWanted = session.registry().status(descriptor.id())
                .map(s -> s.state() == ConnectionState.CONNECTING).orElse(false);
        if (stillWanted) {
            session.recordEtcdStatus(descriptor.id(), etcd);
            session.registry().updateStatus(descriptor.id(), status);
        }
    }
}
