package io.kubetriage.ui.internal.etcd;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.kubetriage.connector.etcd.EtcdConnectException;
import io.kubetriage.connector.etcd.keys.EtcdCompactedException;
import io.kubetriage.connector.etcd.keys.EtcdKeyHistory;
import io.kubetriage.connector.etcd.keys.EtcdKeyReader;
import io.kubetriage.connector.etcd.keys.KeyRevision;
import io.kubetriage.connector.etcd.snapshot.EtcdSnapshotBuilder;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.etcd.backup.BackupFormatException;
import io.kubetriage.core.etcd.backup.EtcdBackup;
import io.kubetriage.core.etcd.backup.KeyRecord;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.core.etcd.section.EtcdSectionFormatException;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.core.snapshot.store.SnapshotStore;

/**
 * Where the etcd Revisions view reads keys from: a backup file, the etcd of a cluster, or the etcd
 * keys a snapshot captured. Each gives the keys under {@code /registry/} with their values, and the
 * history of one key newest first, ending with a {@link KeyRevision.Kind#COMPACTED} marker when
 * older revisions are gone (a snapshot keeps only the revision it saw). Every method blocks: call it
 * in a job.
 */
public sealed interface EtcdSource permits EtcdSource.Backup, EtcdSource.Live, EtcdSource.Captured {

    /** A backup file. */
    static EtcdSource backup(Path file) {
        return new Backup(file);
    }

    /**
     * The etcd of a cluster.
     *
     * @param clusterName the cluster's name, for titles and to find its snapshots
     * @param password    the password of {@link EtcdEndpoints#user()}, or null; kept by the source
     */
    static EtcdSource live(String clusterName, EtcdEndpoints endpoints, char[] password) {
        return new Live(clusterName, endpoints, password);
    }

    /**
     * The etcd keys a snapshot holds (its {@code etcd/} section).
     *
     * @param snapshotName the snapshot's name, for titles
     * @param clusterName  the snapshot's cluster, to find its other snapshots
     */
    static EtcdSource captured(Path file, String snapshotName, String clusterName) {
        return new Captured(file, snapshotName, clusterName);
    }

    /** A short name for titles: the file name, or the cluster's name. */
    String name();

    /** What is read, for the view's message: {@code backup /path/file.db} or {@code etcd of prod (http://...)}. */
    String describe();

    /** The keys under {@code /registry/}, values included, at the newest revision. */
    EtcdSection read(IProgressMonitor monitor) throws EtcdSourceException;

    /** Every version of the key the source still holds, newest first; see {@link EtcdKeyHistory#history}. */
    List<KeyRevision> history(String key, IProgressMonitor monitor) throws EtcdSourceException;

    /** An etcd backup file ({@code etcdctl snapshot save}, or a member's {@code member/snap/db}). */
    record Backup(Path file) implements EtcdSource {

        public Backup {
            file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        }

        @Override
        public String name() {
            return file.getFileName().toString();
        }

        @Override
        public String describe() {
            return "backup " + file;
        }

        @Override
        public EtcdSection read(IProgressMonitor monitor) throws EtcdSourceException {
            SubMonitor progress = SubMonitor.convert(monitor, "Reading etcd backup " + name(), 2);
            try (EtcdBackup backup = EtcdBackup.open(file)) {
                progress.split(1);
                EtcdSection section = EtcdSnapshotBuilder.sectionOf(backup, describe());
                progress.split(1);
                return section;
            } catch (IOException e) {
                throw new EtcdSourceException(describe(e), e);
            } catch (BackupFormatException e) {
                throw new EtcdSourceException(e.getMessage(), e);
            }
        }

        @Override
        public List<KeyRevision> history(String key, IProgressMonitor monitor) throws EtcdSourceException {
            SubMonitor progress = SubMonitor.convert(monitor, "Reading the history of " + key, 2);
            try (EtcdBackup backup = EtcdBackup.open(file)) {
                progress.split(1);
                List<KeyRecord> records = backup.history(key.getBytes(StandardCharsets.UTF_8));
                progress.split(1);
                List<KeyRevision> history = new ArrayList<>();
                for (int i = records.size() - 1; i >= 0; i--) {
                    KeyRecord r = records.get(i);
                    history.add(r.deleted() ? KeyRevision.deleted(r.mainRevision())
                            : KeyRevision.put(r.modRevision(), r.createRevision(), r.version(), r.lease(), r.value()));
                }
                if (backup.compactRevision() > 0) {
                    history.add(KeyRevision.compacted(backup.compactRevision()));
                }
                return history;
            } catch (IOException e) {
                throw new EtcdSourceException(describe(e), e);
            } catch (BackupFormatException e) {
                throw new EtcdSourceException(e.getMessage(), e);
            }
        }

        private String describe(IOException e) {
            if (e instanceof NoSuchFileException) {
                return "The backup " + file + " does not exist (any more).";
            }
            return "Could not read the backup " + file + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /**
     * The etcd section of a snapshot file: the keys as they were when the snapshot was taken. The
     * history of a key is that one revision; older ones were never captured.
     */
    final class Captured implements EtcdSource {
        private final Path file;
        private final String snapshotName;
        private final String clusterName;
        /** The section last read: a history needs no second pass over a large snapshot. */
        private volatile EtcdSection section;

        Captured(Path file, String snapshotName, String clusterName) {
            this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
            this.snapshotName = Objects.requireNonNull(snapshotName, "snapshotName");
            this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
        }

        public Path file() {
            return file;
        }

        public String clusterName() {
            return clusterName;
        }

        @Override
        public String name() {
            return snapshotName;
        }

        @Override
        public String describe() {
            return "etcd keys of snapshot '" + snapshotName + "'";
        }

        @Override
        public EtcdSection read(IProgressMonitor monitor) throws EtcdSourceException {
            SubMonitor progress = SubMonitor.convert(monitor, "Reading the etcd keys of snapshot " + snapshotName, 2);
            try {
                Snapshot snapshot = SnapshotStore.read(file);
                progress.split(1);
                EtcdSection read = EtcdSectionCodec.fromSnapshot(snapshot).orElseThrow(
                        () -> new EtcdSourceException("Snapshot '" + snapshotName + "' holds no etcd keys.", null));
                progress.split(1);
                section = read;
                return read;
            } catch (IOException e) {
                throw new EtcdSourceException("Could not read snapshot " + file + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            } catch (SnapshotFormatException | EtcdSectionFormatException e) {
                throw new EtcdSourceException("Snapshot " + file + " cannot be read: " + e.getMessage(), e);
            }
        }

        @Override
        public List<KeyRevision> history(String key, IProgressMonitor monitor) throws EtcdSourceException {
            EtcdSection known = section;
            for (EtcdKeyInfo info : (known != null ? known : read(monitor)).keys()) {
                if (info.key().equals(key)) {
                    return List.of(KeyRevision.put(info.modRevision(), info.createRevision(), info.version(),
                            info.lease(), info.value()));
                }
            }
            return List.of();
        }

        @Override
        public String toString() {
            return "Captured[" + file + "]";
        }
    }

    /** The etcd of a cluster, read over its client endpoints. */
    final class Live implements EtcdSource {
        private final String clusterName;
        private final EtcdEndpoints endpoints;
        private final char[] password;

        Live(String clusterName, EtcdEndpoints endpoints, char[] password) {
            this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
            this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
            this.password = password == null ? null : password.clone();
        }

        public String clusterName() {
            return clusterName;
        }

        public EtcdEndpoints endpoints() {
            return endpoints;
        }

        /** The password for the connector calls (a copy; null when there is none). */
        char[] password() {
            return password == null ? null : password.clone();
        }

        @Override
        public String name() {
            return clusterName;
        }

        @Override
        public String describe() {
            return "etcd of " + clusterName + " ("
                    + endpoints.endpoints().stream().map(URI::toString).collect(Collectors.joining(", ")) + ")";
        }

        @Override
        public EtcdSection read(IProgressMonitor monitor) throws EtcdSourceException {
            char[] secret = password();
            try {
                return new EtcdKeyReader().readKeys(endpoints, secret, EtcdKeyReader.DEFAULT_PREFIX, true, monitor);
            } catch (EtcdConnectException e) {
                throw new EtcdSourceException("Could not read the keys of " + describe() + ": " + e.getMessage(), e);
            } catch (EtcdCompactedException e) {
                throw new EtcdSourceException("etcd of " + clusterName + " was compacted while its keys were read ("
                        + e.getMessage() + "). Read them again.", e);
            } finally {
                wipe(secret);
            }
        }

        @Override
        public List<KeyRevision> history(String key, IProgressMonitor monitor) throws EtcdSourceException {
            char[] secret = password();
            try {
                return new EtcdKeyHistory().history(endpoints, secret, key, monitor);
            } catch (EtcdConnectException e) {
                throw new EtcdSourceException("Could not read the history of " + key + ": " + e.getMessage(), e);
            } finally {
                wipe(secret);
            }
        }

        private static void wipe(char[] secret) {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }

        @Override
        public String toString() {
            return "Live[" + describe() + "]";
        }
    }
}
