package io.kubetriage.connector.etcd.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.UUID;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.kubetriage.connector.etcd.decode.DecodedValue;
import io.kubetriage.connector.etcd.decode.KubernetesValueDecoder;
import io.kubetriage.connector.etcd.decode.RegistryKey;
import io.kubetriage.core.etcd.backup.BackupFormatException;
import io.kubetriage.core.etcd.backup.ByteKey;
import io.kubetriage.core.etcd.backup.EtcdBackup;
import io.kubetriage.core.etcd.backup.KeyRecord;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceState;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.core.snapshot.store.ObjectJson;
import io.kubetriage.core.snapshot.store.SecretRedaction;
import io.kubetriage.core.snapshot.store.SnapshotStore;

/**
 * Turns the API server's keys in etcd (from a backup file, or read from a live etcd) into a
 * {@link Snapshot}: each value decoded into the object the API would show, with
 * {@code metadata.resourceVersion} set to the key's mod_revision as the API server does, managed
 * fields dropped and Secret values redacted. Keys under {@code /registry/events/} go to the events
 * section; the keys themselves are kept as the snapshot's etcd section, with their values except
 * those of Secrets.
 *
 * <p>Sources recorded in the manifest: {@code etcd:keys} (the keys read, always complete) and
 * {@code etcd:decode} (the values decoded into objects; {@code PARTIAL} with the number and the
 * reason of the values that could not be decoded, e.g. encrypted at rest). Values that decode to
 * something without a name (such as the service IP range allocations) are no API objects and are
 * only kept in the etcd section. Thread-safe.
 */
public final class EtcdSnapshotBuilder {

    /** Where the API server keeps its objects. */
    public static final String REGISTRY_PREFIX = "/registry/";
    /** Where it keeps events (core and {@code events.k8s.io} share this storage). */
    public static final String EVENTS_PREFIX = "/registry/events/";
    /** The source of the keys in the manifest. */
    public static final String SOURCE_KEYS = "etcd:keys";
    /** The source of the decoded objects in the manifest. */
    public static final String SOURCE_DECODE = "etcd:decode";

    private static final int PROBLEM_EXAMPLES = 3;

    private final KubernetesValueDecoder decoder;
    private final String toolVersion;

    /** A builder with the shared decoder and no tool version in the manifests it writes. */
    public EtcdSnapshotBuilder() {
        this(new KubernetesValueDecoder(), null);
    }

    /**
     * @param decoder     decodes the stored values
     * @param toolVersion the Kubetriage version for the manifest; may be null
     */
    public EtcdSnapshotBuilder(KubernetesValueDecoder decoder, String toolVersion) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.toolVersion = toolVersion;
    }

    /**
     * The newest state of every key under {@code /registry/} in a backup, values included, as an etcd
     * section at the backup's revision; it carries no member status.
     *
     * @param source what the section was read from, e.g. {@code backup /var/backups/etcd-2024-05-01.db}
     */
    public static EtcdSection sectionOf(EtcdBackup backup, String source) throws BackupFormatException {
        SortedMap<ByteKey, KeyRecord> latest = backup.latest(REGISTRY_PREFIX);
        List<EtcdKeyInfo> keys = new ArrayList<>(latest.size());
        for (KeyRecord r : latest.values()) {
            keys.add(new EtcdKeyInfo(r.keyString(), r.createRevision(), r.modRevision(), r.version(), r.lease(),
                    r.value().length, r.value()));
        }
        return new EtcdSection(source, backup.revision(), backup.compactRevision(), null, keys);
    }

    /**
     * A snapshot of the objects an etcd section holds, captured now.
     *
     * @param clusterName the name of the cluster the keys belong to; may be null
     * @throws IllegalArgumentException when the section has no values (it was read without them)
     */
    public Snapshot fromSection(EtcdSection section, String clusterName) {
        Instant now = Instant.now();
        return fromSection(section, clusterName, now, now);
    }

    /**
     * Reads a backup file and turns it into a snapshot. The manifest's capture time is the file's
     * modification time (when the backup was written), its name
     * {@code CLUSTER backup FILENAME @ revision N}, the etcd section's source {@code backup PATH}.
     *
     * @param clusterName the name of the cluster the backup belongs to; may be null
     * @throws BackupFormatException when the file is no etcd backup or is damaged; the message names
     *                               the file
     * @throws IOException           when the file cannot be read (missing, no permission)
     */
    public Snapshot fromBackup(Path backupFile, String clusterName, IProgressMonitor monitor)
            throws IOException, BackupFormatException {
        SubMonitor progress = SubMonitor.convert(monitor, "Reading etcd backup " + backupFile.getFileName(), 3);
        Instant written = Files.getLastModifiedTime(backupFile).toInstant();
        EtcdSection section;
        try (EtcdBackup backup = EtcdBackup.open(backupFile)) {
            progress.split(1);
            section = sectionOf(backup, "backup " + backupFile.toAbsolutePath().normalize());
        }
        progress.split(1);
        progress.setTaskName("Decoding " + section.keys().size() + " values");
        Snapshot snapshot = fromSection(section, clusterName, written, written);
        progress.split(1);
        return snapshot;
    }

    private Snapshot fromSection(EtcdSection section, String clusterName, Instant start, Instant end) {
        Map<ObjectKey, ApiObject> objects = new LinkedHashMap<>();
        List<ApiObject> events = new ArrayList<>();
        int attempted = 0;
        int failed = 0;
        List<String> examples = new ArrayList<>();
        for (EtcdKeyInfo info : section.keys()) {
            if (!info.key().startsWith(REGISTRY_PREFIX)) {
                continue;
            }
            if (info.value() == null) {
                throw new IllegalArgumentException("the etcd section from " + section.source()
                        + " was read without values; objects cannot be decoded from it");
            }
            attempted++;
            DecodedValue decoded = decoder.decode(info.key(), info.value()).withResourceVersion(info.modRevision());
            if (decoded.encoding() == DecodedValue.Encoding.NOT_KUBERNETES && decoded.problem() == null) {
                continue; // plain text or bytes: no API object, kept in the etcd section only
            }
            if (!decoded.isDecoded() || decoded.problem() != null) {
                failed++;
                if (examples.size() < PROBLEM_EXAMPLES) {
                    examples.add(info.key() + ": " + (decoded.problem() == null ? "not decoded" : decoded.problem()));
                }
                if (!decoded.isDecoded()) {
                    continue;
                }
            }
            ApiObject object;
            try {
                object = toObject(decoded.json());
            } catch (IllegalArgumentException noName) {
                continue; // no API object (no kind or no name): kept in the etcd section only
            }
            if (info.key().startsWith(EVENTS_PREFIX)) {
                events.add(object);
            } else {
                // the same object under two keys (an old storage location left behind): keep the newer
                objects.merge(object.key(), object,
                        (a, b) -> a.resourceVersionNumber() >= b.resourceVersionNumber() ? a : b);
            }
        }
        List<SourceStatus> sources = new ArrayList<>();
        sources.add(SourceStatus.complete(SOURCE_KEYS, section.keys().size()));
        long captured = objects.size() + events.size();
        if (failed == 0) {
            sources.add(SourceStatus.complete(SOURCE_DECODE, captured));
        } else {
            sources.add(new SourceStatus(SOURCE_DECODE, SourceState.PARTIAL, captured, failed + " of " + attempted
                    + " values not (fully) decoded, e.g. " + String.join("; ", examples)));
        }
        String name = (clusterName == null || clusterName.isBlank() ? "" : clusterName + " ")
                + shortSource(section.source()) + " @ revision " + section.revision();
        SnapshotManifest manifest = new SnapshotManifest(SnapshotStore.FORMAT_VERSION, UUID.randomUUID().toString(),
                name, clusterName, null, null, start.truncatedTo(ChronoUnit.MILLIS), end.truncatedTo(ChronoUnit.MILLIS),
                toolVersion, true, sources);
        return new Snapshot(manifest, objects.values(), events,
                EtcdSectionCodec.toSections(withoutSecretValues(section)));
    }

    /**
     * The section with the values of Secrets left out (their revisions and sizes kept): the snapshot
     * redacts Secret values, so its etcd section must not carry them either.
     */
    static EtcdSection withoutSecretValues(EtcdSection section) {
        List<EtcdKeyInfo> keys = new ArrayList<>(section.keys().size());
        for (EtcdKeyInfo info : section.keys()) {
            keys.add(isSecret(info.key()) ? info.withoutValue() : info);
        }
        return new EtcdSection(section.source(), section.revision(), section.compactRevision(), section.status(),
                keys);
    }

    private static boolean isSecret(String key) {
        return RegistryKey.parse(key).map(k -> k.group() == null && k.resource().equals("secrets")).orElse(false);
    }

    /** {@code backup /dir/file.db} → {@code backup file.db}: the name stays short. */
    private static String shortSource(String source) {
        if (source.startsWith("backup ")) {
            int slash = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
            return "backup " + source.substring(Math.max(slash + 1, "backup ".length()));
        }
        return source;
    }

    /** The decoded object as a snapshot holds it; throws IllegalArgumentException without kind or name. */
    static ApiObject toObject(String json) {
        ApiObject object = ObjectJson.fromJson(json);
        if (object.key().group().isEmpty() && object.key().kind().equals("Secret")) {
            object = ObjectJson.wrap(SecretRedaction.redactSecretJson(object.json()));
        }
        return object;
    }
}
