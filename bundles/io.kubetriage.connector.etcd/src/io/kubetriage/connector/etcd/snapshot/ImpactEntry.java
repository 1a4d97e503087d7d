package io.kubetriage.connector.etcd.snapshot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.kubetriage.core.snapshot.ObjectKey;

/**
 * One object a restore would change.
 *
 * @param impact             what the restore would do to it
 * @param key                the object: group, kind, namespace, name
 * @param modRevisionCurrent its mod_revision (resourceVersion) now; 0 when it does not exist now
 * @param modRevisionBackup  its mod_revision in the backup; 0 when the backup does not hold it
 * @param details            what changes in terms a user knows, for workloads and Pods, when the
 *                           values could be decoded: {@code deploymentRevisionCurrent},
 *                           {@code deploymentRevisionBackup} (the annotation
 *                           {@code deployment.kubernetes.io/revision}), {@code imagesCurrent},
 *                           {@code imagesBackup} (the container images, comma-separated); only the
 *                           keys that apply, in this order
 */
public record ImpactEntry(ImpactKind impact, ObjectKey key, long modRevisionCurrent, long modRevisionBackup,
        Map<String, String> details) {

    public static final String DEPLOYMENT_REVISION_CURRENT = "deploymentRevisionCurrent";
    public static final String DEPLOYMENT_REVISION_BACKUP = "deploymentRevisionBackup";
    public static final String IMAGES_CURRENT = "imagesCurrent";
    public static final String IMAGES_BACKUP = "imagesBackup";

    public ImpactEntry {
        Objects.requireNonNull(impact, "impact");
        Objects.requireNonNull(key, "key");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** {@code Kind namespace/name}, e.g. {@code Deployment shop/web}. */
    public String displayName() {
        return key.kind() + " " + (key.namespace().isEmpty() ? "" : key.namespace() + "/") + key.name();
    }
}
