package io.kubetriage.core.cluster;

import java.util.Objects;
import java.util.Set;

/**
 * A change to a {@link ClusterRegistry}.
 *
 * @param type       what kind of change
 * @param changedIds every ID whose descriptor or status changed, including added and removed ones
 * @param addedIds   IDs that are new in the registry; only for {@link Type#RELOADED}
 * @param removedIds IDs that left the registry; only for {@link Type#RELOADED}
 */
public record ClusterRegistryEvent(Type type, Set<String> changedIds, Set<String> addedIds,
        Set<String> removedIds) {

    public enum Type {
        /** The whole list was replaced; its order may have changed too. */
        RELOADED,
        /** One descriptor's settings changed. */
        DESCRIPTOR_CHANGED,
        /** One cluster's connection status changed. */
        STATUS_CHANGED
    }

    public ClusterRegistryEvent {
        Objects.requireNonNull(type, "type");
        changedIds = Set.copyOf(changedIds);
        addedIds = Set.copyOf(addedIds);
        removedIds = Set.copyOf(removedIds);
    }

    static ClusterRegistryEvent of(Type type, String id) {
        return new ClusterRegistryEvent(type, Set.of(id), Set.of(), Set.of());
    }

    /** Whether listeners should refresh everything they show rather than single entries. */
    public boolean allChanged() {
        return type == Type.RELOADED;
    }

    /** Whether the given cluster is touched by this change. */
    public boolean affects(String id) {
        return changedIds.contains(id);
    }
}
