package io.kubetriage.connector.etcd.snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import io.kubetriage.connector.etcd.decode.DecodedValue;
import io.kubetriage.connector.etcd.decode.KubernetesValueDecoder;
import io.kubetriage.connector.etcd.decode.RegistryKey;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.core.etcd.section.EtcdSectionFormatException;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The restore impact preview: what restoring an etcd backup would do to the cluster as it is now,
 * before anyone runs {@code etcdctl snapshot restore}.
 *
 * <p>A restore puts every key back as the backup holds it and makes etcd serve the backup's
 * revision again. Compared key by key (by mod_revision), each API object either would go back to
 * an older version, disappear (created since the backup), come back (deleted since the backup), or
 * stay as it is. Events and keys that are no API object are counted apart. Thread-safe.
 */
public final class RestoreImpact {

    static final String DEPLOYMENT_REVISION = "deployment.kubernetes.io/revision";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final KubernetesValueDecoder DECODER = new KubernetesValueDecoder();

    /** Built-in resources whose keys do not name their group, for keys whose value cannot be decoded. */
    private static final Map<String, String[]> BUILT_IN = Map.ofEntries(
            Map.entry("pods", new String[] {"", "Pod"}),
            Map.entry("services", new String[] {"", "Service"}),
            Map.entry("endpoints", new String[] {"", "Endpoints"}),
            Map.entry("configmaps", new String[] {"", "ConfigMap"}),
            Map.entry("secrets", new String[] {"", "Secret"}),
            Map.entry("namespaces", new String[] {"", "Namespace"}),
            Map.entry("nodes", new String[] {"", "Node"}),
            Map.entry("serviceaccounts", new String[] {"", "ServiceAccount"}),
            Map.entry("persistentvolumes", new String[] {"", "PersistentVolume"}),
            Map.entry("persistentvolumeclaims", new String[] {"", "PersistentVolumeClaim"}),
            Map.entry("replicationcontrollers", new String[] {"", "ReplicationController"}),
            Map.entry("deployments", new String[] {"apps", "Deployment"}),
            Map.entry("replicasets", new String[] {"apps", "ReplicaSet"}),
            Map.entry("statefulsets", new String[] {"apps", "StatefulSet"}),
            Map.entry("daemonsets", new String[] {"apps", "DaemonSet"}),
            Map.entry("controllerrevisions", new String[] {"apps", "ControllerRevision"}),
            Map.entry("jobs", new String[] {"batch", "Job"}),
            Map.entry("cronjobs", new String[] {"batch", "CronJob"}),
            Map.entry("ingresses", new String[] {"networking.k8s.io", "Ingress"}),
            Map.entry("leases", new String[] {"coordination.k8s.io", "Lease"}),
            Map.entry("roles", new String[] {"rbac.authorization.k8s.io", "Role"}),
            Map.entry("rolebindings", new String[] {"rbac.authorization.k8s.io", "RoleBinding"}),
            Map.entry("clusterroles", new String[] {"rbac.authorization.k8s.io", "ClusterRole"}),
            Map.entry("clusterrolebindings", new String[] {"rbac.authorization.k8s.io", "ClusterRoleBinding"}));

    /** Report order: kind, namespace, name, then group. */
    static final Comparator<ImpactEntry> ORDER = Comparator.comparing((ImpactEntry e) -> e.key().kind())
            .thenComparing(e -> e.key().namespace()).thenComparing(e -> e.key().name())
            .thenComparing(e -> e.key().group());

    private RestoreImpact() {
    }

    /**
     * Compares the keys of two etcd states.
     *
     * @param current the store now: read from a live etcd, or a snapshot's etcd section
     * @param backup  the backup's keys ({@link EtcdSnapshotBuilder#sectionOf})
     */
    public static RestoreImpactReport analyse(EtcdSection current, EtcdSection backup) {
        Map<String, EtcdKeyInfo> now = byKey(current);
        Map<String, EtcdKeyInfo> then = byKey(backup);
        TreeSet<String> keys = new TreeSet<>(now.keySet());
        keys.addAll(then.keySet());
        List<ImpactEntry> entries = new ArrayList<>();
        Map<ImpactKind, Integer> counts = new EnumMap<>(ImpactKind.class);
        Map<ImpactKind, Integer> eventCounts = new EnumMap<>(ImpactKind.class);
        Map<ImpactKind, Integer> otherCounts = new EnumMap<>(ImpactKind.class);
        for (String key : keys) {
            EtcdKeyInfo a = now.get(key);
            EtcdKeyInfo b = then.get(key);
            ImpactKind impact = impact(a == null ? 0 : a.modRevision(), b == null ? 0 : b.modRevision());
            if (key.startsWith(EtcdSnapshotBuilder.EVENTS_PREFIX)) {
                eventCounts.merge(impact, 1, Integer::sum);
                continue;
            }
            Optional<RegistryKey> registryKey = RegistryKey.parse(key);
            if (registryKey.isEmpty() || registryKey.get().name() == null) {
                otherCounts.merge(impact, 1, Integer::sum);
                continue;
            }
            counts.merge(impact, 1, Integer::sum);
            if (impact == ImpactKind.UNCHANGED) {
                continue;
            }
            String jsonNow = decode(key, a);
            String jsonThen = decode(key, b);
            ObjectKey objectKey = objectKey(registryKey.get(), jsonNow != null ? jsonNow : jsonThen);
            entries.add(new ImpactEntry(impact, objectKey, a == null ? 0 : a.modRevision(),
                    b == null ? 0 : b.modRevision(), details(jsonNow, jsonThen)));
        }
        entries.sort(ORDER);
        return new RestoreImpactReport(RestoreImpactReport.BASIS_ETCD_KEYS, current.revision(), backup.revision(),
                entries, counts, eventCounts, otherCounts);
    }

    /**
     * Compares two snapshots. When both carry an etcd section, their keys are compared as by
     * {@link #analyse(EtcdSection, EtcdSection)}; else their API objects, by key and resourceVersion
     * (the API server's resourceVersion is the etcd mod_revision). The backup's revision is then its
     * etcd section's revision when it has one, else its highest resourceVersion, and the current
     * revision the highest resourceVersion among the current snapshot's objects and events.
     *
     * @param current        the cluster now, e.g. captured from the API
     * @param backupSnapshot the backup turned into a snapshot ({@link EtcdSnapshotBuilder#fromBackup})
     * @throws EtcdSectionFormatException when a snapshot's etcd section is damaged
     */
    public static RestoreImpactReport analyse(Snapshot current, Snapshot backupSnapshot)
            throws EtcdSectionFormatException {
        Optional<EtcdSection> currentSection = EtcdSectionCodec.fromSnapshot(current);
        Optional<EtcdSection> backupSection = EtcdSectionCodec.fromSnapshot(backupSnapshot);
        if (currentSection.isPresent() && backupSection.isPresent()) {
            return analyse(currentSection.get(), backupSection.get());
        }
        Map<ObjectKey, ApiObject> then = new HashMap<>();
        backupSnapshot.objects().forEach(o -> then.put(o.key(), o));
        TreeSet<ObjectKey> keys = new TreeSet<>(then.keySet());
        current.objects().forEach(o -> keys.add(o.key()));
        List<ImpactEntry> entries = new ArrayList<>();
        Map<ImpactKind, Integer> counts = new EnumMap<>(ImpactKind.class);
        for (ObjectKey key : keys) {
            ApiObject a = current.object(key).orElse(null);
            ApiObject b = then.get(key);
            long revNow = a == null ? 0 : Math.max(0, a.resourceVersionNumber());
            long revThen = b == null ? 0 : Math.max(0, b.resourceVersionNumber());
            ImpactKind impact = impact(revNow, revThen);
            counts.merge(impact, 1, Integer::sum);
            if (impact != ImpactKind.UNCHANGED) {
                entries.add(new ImpactEntry(impact, key, revNow, revThen,
                        details(a == null ? null : a.json(), b == null ? null : b.json())));
            }
        }
        entries.sort(ORDER);
        long currentRevision = current.maxResourceVersion();
        for (ApiObject event : current.events()) {
            currentRevision = Math.max(currentRevision, event.resourceVersionNumber());
        }
        long backupRevision = backupSection.map(EtcdSection::revision).orElse(backupSnapshot.maxResourceVersion());
        return new RestoreImpactReport(RestoreImpactReport.BASIS_API_OBJECTS, Math.max(0, currentRevision),
                Math.max(0, backupRevision), entries, counts, Map.of(), Map.of());
    }

    /** @param now, then the mod_revisions, 0 where the object is absent */
    private static ImpactKind impact(long now, long then) {
        if (now == 0) {
            return ImpactKind.WOULD_COME_BACK;
        }
        if (then == 0) {
            return ImpactKind.WOULD_DISAPPEAR;
        }
        if (then < now) {
            return ImpactKind.WOULD_GO_BACK;
        }
        return then > now ? ImpactKind.NEWER_IN_BACKUP : ImpactKind.UNCHANGED;
    }

    private static Map<String, EtcdKeyInfo> byKey(EtcdSection section) {
        Map<String, EtcdKeyInfo> map = new HashMap<>();
        for (EtcdKeyInfo info : section.keys()) {
            map.put(info.key(), info);
        }
        return map;
    }

    private static String decode(String key, EtcdKeyInfo info) {
        if (info == null || info.value() == null) {
            return null;
        }
        DecodedValue decoded = DECODER.decode(key, info.value());
        return decoded.isDecoded() ? decoded.json() : null;
    }

    /** The object's key: group and kind from its value when it decodes, else from the etcd key. */
    private static ObjectKey objectKey(RegistryKey key, String json) {
        String group = null;
        String kind = null;
        if (json != null) {
            JsonNode tree = parse(json);
            if (tree != null && tree.path("kind").isString()) {
                kind = tree.path("kind").asString();
                group = ObjectKey.groupOf(tree.path("apiVersion").asString(""));
            }
        }
        if (kind == null) {
            String[] builtIn = key.group() == null ? BUILT_IN.get(key.resource()) : null;
            group = builtIn != null ? builtIn[0] : key.group();
            kind = builtIn != null ? builtIn[1] : key.resource();
        }
        return new ObjectKey(group, kind, key.namespace(), key.name());
    }

    /** The Deployment revision annotation and the container images of each side, where there are some. */
    static Map<String, String> details(String jsonNow, String jsonThen) {
        Map<String, String> details = new LinkedHashMap<>();
        JsonNode now = jsonNow == null ? null : parse(jsonNow);
        JsonNode then = jsonThen == null ? null : parse(jsonThen);
        put(details, ImpactEntry.DEPLOYMENT_REVISION_CURRENT, deploymentRevision(now));
        put(details, ImpactEntry.DEPLOYMENT_REVISION_BACKUP, deploymentRevision(then));
        put(details, ImpactEntry.IMAGES_CURRENT, images(now));
        put(details, ImpactEntry.IMAGES_BACKUP, images(then));
        return details;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String deploymentRevision(JsonNode object) {
        if (object == null) {
            return null;
        }
        JsonNode revision = object.path("metadata").path("annotations").path(DEPLOYMENT_REVISION);
        return revision.isString() ? revision.asString() : null;
    }

    /** The images of a Pod's containers, or of a workload's pod template; null when there are none. */
    private static String images(JsonNode object) {
        if (object == null) {
            return null;
        }
        JsonNode spec = object.path("spec");
        JsonNode podSpec = spec.has("containers") ? spec : spec.path("template").path("spec");
        if (spec.path("jobTemplate").isObject()) {
            podSpec = spec.path("jobTemplate").path("spec").path("template").path("spec");
        }
        List<String> images = new ArrayList<>();
        for (JsonNode container : podSpec.path("containers")) {
            if (container.path("image").isString()) {
                images.add(container.path("image").asString());
            }
        }
        return images.isEmpty() ? null : String.join(",", images);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            return null;
        }
    }
}
