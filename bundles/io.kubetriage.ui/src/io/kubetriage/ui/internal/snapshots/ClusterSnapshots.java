package io.kubetriage.ui.internal.snapshots;

import java.util.List;
import java.util.Objects;

/**
 * The snapshots of one cluster: a folder of the library. The same element as long as the folder
 * is the same, whatever its snapshots.
 *
 * @param folder      the folder's name
 * @param clusterName the cluster's name as the newest readable manifest gives it, else the folder's
 * @param snapshots   newest first; unreadable files last
 */
public record ClusterSnapshots(String folder, String clusterName, List<SnapshotEntry> snapshots) {

    public ClusterSnapshots {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(clusterName, "clusterName");
        snapshots = List.copyOf(snapshots);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterSnapshots other && folder.equals(other.folder);
    }

    @Override
    public int hashCode() {
        return folder.hashCode();
    }
}
