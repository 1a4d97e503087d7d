package io.kubetriage.ui.internal.clusters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;

import io.kubetriage.core.cluster.ClusterConnectionStatus;
import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.cluster.ClusterRegistry;
import io.kubetriage.core.cluster.ConnectionState;
import io.kubetriage.core.etcd.EtcdClusterStatus;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.kubeconfig.KubeconfigLocator;
import io.kubetriage.core.kubeconfig.KubeconfigParser;
import io.kubetriage.core.kubeconfig.KubeconfigSet;
import io.kubetriage.ui.internal.clusters.ClusterSettingsStore.SettingsException;

/**
 * The clusters of this workbench: reads the kubeconfig files, keeps the registry of clusters and
 * their connection state, and runs connections as cancellable background jobs. Every state change
 * reaches the UI through the registry's listeners.
 */
public final class ClusterSession {

    /** Job family of every job the session runs, for waiting and cancelling in one call. */
    public static final Object JOB_FAMILY = ClusterSession.class;

    private final ClusterRegistry registry = new ClusterRegistry();
    private final ClusterSettingsStore settings;
    private final Map<String, ConnectClusterJob> connectJobs = new ConcurrentHashMap<>();
    private final Map<String, EtcdClusterStatus> etcdStatus = new ConcurrentHashMap<>();
    private final List<Runnable> fileListeners = new CopyOnWriteArrayList<>();
    private volatile List<KubeconfigFileEntry> files = List.of();
    private volatile boolean loaded;

    /** Two kubeconfig reloads run one after the other. */
    private static final ISchedulingRule RELOAD_RULE = new ISchedulingRule() {
        @Override
        public boolean contains(ISchedulingRule rule) {
            return rule == this;
        }

        @Override
        public boolean isConflicting(ISchedulingRule rule) {
            return rule == this;
        }
    };

    public ClusterSession(ClusterSettingsStore settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public ClusterRegistry registry() {
        return registry;
    }

    public ClusterSettingsStore settings() {
        return settings;
    }

    /** The kubeconfig files last read, in the order their contexts are listed. */
    public List<KubeconfigFileEntry> files() {
        return files;
    }

    /** Whether the kubeconfig files were read at least once. */
    public boolean isLoaded() {
        return loaded;
    }

    /** Told after the kubeconfig files were read (in the reading job's thread). */
    public void addFilesListener(Runnable listener) {
        fileListeners.add(listener);
    }

    public void removeFilesListener(Runnable listener) {
        fileListeners.remove(listener);
    }

    /** Reads the kubeconfig files again in a background job and returns it (already scheduled). */
    public Job reload() {
        Job job = new SessionJob("Reading kubeconfig files") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                reloadNow();
                return Status.OK_STATUS;
            }
        };
        job.setRule(RELOAD_RULE);
        job.schedule();
        return job;
    }

    /** Reads {@code $KUBECONFIG} (or {@code ~/.kube/config}) and the files added in Kubetriage. */
    void reloadNow() {
        List<Path> fromEnvironment = KubeconfigLocator.resolve().stream()
                .filter(Files::exists) // kubectl, too, skips the files of $KUBECONFIG that do not exist
                .toList();
        LinkedHashSet<Path> all = new LinkedHashSet<>(fromEnvironment);
        List<Path> extra = settings.extraKubeconfigFiles();
        all.addAll(extra);

        KubeconfigSet set = KubeconfigSet.load(new ArrayList<>(all), new KubeconfigParser());
        List<KubeconfigFileEntry> entries = new ArrayList<>();
        for (KubeconfigSet.FileResult result : set.files()) {
            entries.add(new KubeconfigFileEntry(result.file(), result.error(),
                    extra.contains(result.file()) && !fromEnvironment.contains(result.file())));
        }
        List<ClusterDescriptor> descriptors = new ArrayList<>();
        for (KubeconfigSet.FileResult result : set.files()) {
            if (result.isLoaded()) {
                for (KubeContext context : result.config().contexts()) {
                    String id = ClusterDescriptor.idOf(context.sourceFile(), context.name());
                    descriptors.add(new ClusterDescriptor(context, settings.etcd(id).orElse(null),
                            settings.readOnly(id)));
                }
            }
        }
        files = List.copyOf(entries);
        registry.setDescriptors(descriptors);
        loaded = true;
        fileListeners.forEach(Runnable::run);
    }

    public void addKubeconfigFile(Path file) throws SettingsException {
        settings.addExtraKubeconfigFile(file);
        reload();
    }

    /** Connects the cluster in a background job; a connection already under way is left alone. */
    public Optional<Job> connect(String id) {
        ClusterDescriptor descriptor = registry.get(id).orElse(null);
        if (descriptor == null) {
            return Optional.empty();
        }
        ConnectClusterJob running = connectJobs.get(id);
        if (running != null && running.getState() != Job.NONE) {
            return Optional.of(running);
        }
        ConnectClusterJob job = new ConnectClusterJob(descriptor, this);
        connectJobs.put(id, job);
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                connectJobs.remove(id, job);
            }
        });
        registry.updateStatus(id, ClusterConnectionStatus.connecting(Instant.now()));
        job.schedule();
        return Optional.of(job);
    }

    /** Cancels a connection under way and forgets what the cluster showed. */
    public void disconnect(String id) {
        ConnectClusterJob job = connectJobs.remove(id);
        if (job != null) {
            job.cancel();
        }
        etcdStatus.remove(id);
        registry.updateStatus(id, ClusterConnectionStatus.disconnected(Instant.now()));
    }

    public boolean isConnecting(String id) {
        return registry.status(id).map(s -> s.state() == ConnectionState.CONNECTING).orElse(false);
    }

    /** The etcd status last read for the cluster, whether or not its API server answered. */
    public Optional<EtcdClusterStatus> etcdStatus(String id) {
        return Optional.ofNullable(etcdStatus.get(id));
    }

    void recordEtcdStatus(String id, EtcdClusterStatus status) {
        if (status == null) {
            etcdStatus.remove(id);
        } else {
            etcdStatus.put(id, status);
        }
    }

    /** Saves a cluster's etcd settings and read-only flag, and updates the registry. */
    public void saveClusterSettings(String id, EtcdEndpoints endpoints, char[] password, boolean readOnly)
            throws SettingsException {
        settings.save(id, endpoints, password, readOnly);
        registry.get(id).ifPresent(d -> registry.update(d.withEtcd(endpoints).withReadOnly(readOnly)));
    }

    /** Cancels every job of the session; called when the workbench closes. */
    public void shutdown() {
        Job.getJobManager().cancel(JOB_FAMILY);
    }

    /** A job of this session: cancelled with it, waited for by tests through the family. */
    abstract static class SessionJob extends Job {
        SessionJob(String name) {
            super(name);
        }

        @Override
        public boolean belongsTo(Object family) {
            return family == JOB_FAMILY;
        }
    }
}
