package io.kubetriage.ui.internal.etcd;

import java.util.Objects;

import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;

/**
 * What a backup would be restored onto, for the restore preview: the etcd of a cluster as it is
 * now, or a snapshot of it (compared by its etcd section when it has one, else by its API objects).
 */
public sealed interface RestoreTarget permits RestoreTarget.Etcd, RestoreTarget.OfSnapshot {

    /** @param password the etcd password, or null; copied */
    static RestoreTarget etcd(String clusterName, EtcdEndpoints endpoints, char[] password) {
        return new Etcd((EtcdSource.Live) EtcdSource.live(clusterName, endpoints, password));
    }

    static RestoreTarget snapshot(SnapshotEntry entry) {
        return new OfSnapshot(entry);
    }

    /** A short name: the cluster's, or the snapshot's. */
    String name();

    /** For tooltips: {@code etcd of prod (http://...)}, {@code snapshot 'x' of prod (/path)}. */
    String describe();

    /** The etcd of a cluster, read when the preview runs. */
    record Etcd(EtcdSource.Live source) implements RestoreTarget {
        public Etcd {
            Objects.requireNonNull(source, "source");
        }

        @Override
        public String name() {
            return source.clusterName();
        }

        @Override
        public String describe() {
            return source.describe();
        }
    }

    /** A snapshot of the library. */
    record OfSnapshot(SnapshotEntry entry) implements RestoreTarget {
        public OfSnapshot {
            Objects.requireNonNull(entry, "entry");
        }

        @Override
        public String name() {
            return "snapshot '" + entry.name() + "'";
        }

        @Override
        public String describe() {
            return "snapshot '" + entry.name() + "' of " + entry.clusterName() + " (" + entry.file() + ")";
        }
    }
}
