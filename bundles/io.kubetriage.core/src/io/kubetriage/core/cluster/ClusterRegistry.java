package io.kubetriage.core.cluster;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import io.kubetriage.core.cluster.ClusterRegistryEvent.Type;

/**
 * The clusters Kubetriage knows, with their connection status. Thread-safe. Listeners are called
 * after each change, outside the lock, on the changing thread; events from changes made at the
 * same time on different threads may arrive in either order, so listeners should read the current
 * state from the registry rather than rely on the order of events.
 */
public final class ClusterRegistry {

    private static final System.Logger LOG = System.getLogger(ClusterRegistry.class.getName());

    private final Object lock = new Object();
    private final Map<String, ClusterDescriptor> descriptors = new LinkedHashMap<>();
    private final Map<String, ClusterConnectionStatus> statuses = new HashMap<>();
    private final List<ClusterRegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final BiConsumer<ClusterRegistryListener, RuntimeException> onListenerFailure;

    public ClusterRegistry() {
        this(Clock.systemUTC(), ClusterRegistry::logListenerFailure);
    }

    /**
     * @param clock             stamps the status of newly added clusters
     * @param onListenerFailure told when a listener throws; the other listeners are still called
     */
    public ClusterRegistry(Clock clock,
            BiConsumer<ClusterRegistryListener, RuntimeException> onListenerFailure) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onListenerFailure = Objects.requireNonNull(onListenerFailure, "onListenerFailure");
    }

    /**
     * Replaces the clusters, typically after the kubeconfig files were read again. The order given
     * becomes the order of {@link #all()}.
     *
     * <p>A cluster whose ID was already known keeps its connection status and the settings made in
     * Kubetriage: its etcd endpoints, unless the new descriptor is the only one to have some, and
     * its read-only flag, which stays set if either descriptor sets it, so a reload never quietly
     * lifts the protection of a production cluster. Its kubeconfig context is taken from the new
     * descriptor. New clusters start {@link ConnectionState#DISCONNECTED}; clusters not given any
     * more are dropped with their status.
     *
     * @throws IllegalArgumentException when two descriptors have the same ID
     */
    public void setDescriptors(Collection<ClusterDescriptor> newDescriptors) {
        Map<String, ClusterDescriptor> incoming = new LinkedHashMap<>();
        for (ClusterDescriptor d : newDescriptors) {
            if (incoming.putIfAbsent(d.id(), d) != null) {
                throw new IllegalArgumentException("two clusters have the ID " + d.id());
            }
        }
        Set<String> changed = new HashSet<>();
        Set<String> added = new HashSet<>();
        Set<String> removed = new HashSet<>();
        synchronized (lock) {
            for (String id : descriptors.keySet()) {
                if (!incoming.containsKey(id)) {
                    removed.add(id);
                    statuses.remove(id);
                }
            }
            Map<String, ClusterDescriptor> merged = new LinkedHashMap<>();
            for (ClusterDescriptor d : incoming.values()) {
                ClusterDescriptor old = descriptors.get(d.id());
                if (old == null) {
                    added.add(d.id());
                    statuses.put(d.id(), ClusterConnectionStatus.disconnected(clock.instant()));
                    merged.put(d.id(), d);
                } else {
                    ClusterDescriptor kept = keepSettings(old, d);
                    if (!kept.equals(old)) {
                        changed.add(d.id());
                    }
                    merged.put(d.id(), kept);
                }
            }
            descriptors.clear();
            descriptors.putAll(merged);
        }
        changed.addAll(added);
        changed.addAll(removed);
        fire(new ClusterRegistryEvent(Type.RELOADED, changed, added, removed));
    }

    private static ClusterDescriptor keepSettings(ClusterDescriptor old, ClusterDescriptor fresh) {
        return new ClusterDescriptor(fresh.context(),
                old.etcd().or(fresh::etcd).orElse(null),
                old.readOnly() || fresh.readOnly());
    }

    /**
     * Replaces the settings of a known cluster, e.g. after the user edited its etcd endpoints.
     *
     * @return false when no cluster has the descriptor's ID (it may have been removed by a reload
     *         meanwhile); nothing is changed then
     */
    public boolean update(ClusterDescriptor descriptor) {
        Objects.requireNonNull(descriptor, "descriptor");
        synchronized (lock) {
            ClusterDescriptor old = descriptors.get(descriptor.id());
            if (old == null) {
                return false;
            }
            if (old.equals(descriptor)) {
                return true;
            }
            descriptors.put(descriptor.id(), descriptor);
        }
        fire(ClusterRegistryEvent.of(Type.DESCRIPTOR_CHANGED, descriptor.id()));
        return true;
    }

    /**
     * Records a cluster's connection status.
     *
     * @return false when no cluster has the ID (a connection attempt may end after a reload
     *         removed its cluster); nothing is changed then
     */
    public boolean updateStatus(String id, ClusterConnectionStatus status) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        synchronized (lock) {
            if (!descriptors.containsKey(id)) {
                return false;
            }
            if (status.equals(statuses.put(id, status))) {
                return true;
            }
        }
        fire(ClusterRegistryEvent.of(Type.STATUS_CHANGED, id));
        return true;
    }

    public Optional<ClusterDescriptor> get(String id) {
        synchronized (lock) {
            return Optional.ofNullable(descriptors.get(id));
        }
    }

    /** Every cluster, in the order last given to {@link #setDescriptors}. */
    public List<ClusterDescriptor> all() {
        synchronized (lock) {
            return List.copyOf(descriptors.values());
        }
    }

    /** The connection status of a known cluster. */
    public Optional<ClusterConnectionStatus> status(String id) {
        synchronized (lock) {
            return Optional.ofNullable(statuses.get(id));
        }
    }

    public void addListener(ClusterRegistryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ClusterRegistryListener listener) {
        listeners.remove(listener);
    }

    private void fire(ClusterRegistryEvent event) {
        for (ClusterRegistryListener listener : listeners) {
            try {
                listener.registryChanged(event);
            } catch (RuntimeException e) {
                // One broken view must not keep the others from updating.
                onListenerFailure.accept(listener, e);
            }
        }
    }

    private static void logListenerFailure(ClusterRegistryListener listener, RuntimeException e) {
        LOG.log(Level.WARNING, "A cluster registry listener failed: " + listener, e);
    }
}
