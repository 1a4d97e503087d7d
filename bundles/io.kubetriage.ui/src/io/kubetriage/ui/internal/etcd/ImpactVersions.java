package io.kubetriage.ui.internal.etcd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.kubetriage.connector.etcd.decode.RegistryKey;
import io.kubetriage.connector.etcd.snapshot.ImpactEntry;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.diff.YamlRendering;

/** The two versions of an object a restore would change, as YAML: now, and in the backup. */
interface ImpactVersions {

    /** The object as it is now, or null when it does not exist now. */
    String now(ImpactEntry entry);

    /** The object as the backup holds it, or null when the backup does not hold it. */
    String inBackup(ImpactEntry entry);

    /** Versions from the keys of two etcd sections, found by namespace, name and mod revision. */
    static ImpactVersions of(EtcdSection now, EtcdSection backup) {
        Map<String, List<EtcdKeyInfo>> nowIndex = index(now);
        Map<String, List<EtcdKeyInfo>> backupIndex = index(backup);
        return new ImpactVersions() {
            @Override
            public String now(ImpactEntry entry) {
                return yaml(nowIndex, entry, entry.modRevisionCurrent());
            }

            @Override
            public String inBackup(ImpactEntry entry) {
                return yaml(backupIndex, entry, entry.modRevisionBackup());
            }
        };
    }

    /** Versions from the API objects of two snapshots. */
    static ImpactVersions of(Snapshot now, Snapshot backup) {
        return new ImpactVersions() {
            @Override
            public String now(ImpactEntry entry) {
                return now.object(entry.key()).map(ApiObject::json).map(ImpactVersions::yaml).orElse(null);
            }

            @Override
            public String inBackup(ImpactEntry entry) {
                return backup.object(entry.key()).map(ApiObject::json).map(ImpactVersions::yaml).orElse(null);
            }
        };
    }

    private static Map<String, List<EtcdKeyInfo>> index(EtcdSection section) {
        Map<String, List<EtcdKeyInfo>> index = new HashMap<>();
        for (EtcdKeyInfo info : section.keys()) {
            RegistryKey.parse(info.key()).filter(k -> k.name() != null).ifPresent(k -> index
                    .computeIfAbsent(id(k.namespace(), k.name()), i -> new ArrayList<>(1)).add(info));
        }
        return index;
    }

    private static String id(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    private static String yaml(Map<String, List<EtcdKeyInfo>> index, ImpactEntry entry, long modRevision) {
        if (modRevision <= 0) {
            return null;
        }
        for (EtcdKeyInfo info : index.getOrDefault(id(entry.key().namespace(), entry.key().name()), List.of())) {
            if (info.modRevision() == modRevision) {
                return KeyValues.yaml(info.key(), info.value(), info.modRevision());
            }
        }
        return null;
    }

    private static String yaml(String json) {
        try {
            return YamlRendering.toYaml(json);
        } catch (IllegalArgumentException e) {
            return json + "\n";
        }
    }
}
