package io.kubetriage.core.snapshot;

import java.util.Objects;

/**
 * One API object as captured: its key, the fields the diff and the detectors need at hand, and
 * the whole object as compact JSON (managed fields dropped, Secret values redacted unless the
 * user opted in).
 *
 * @param key             kind, group, namespace, name
 * @param apiVersion      the version it was read as, e.g. {@code apps/v1}
 * @param uid             {@code metadata.uid}; may be null for objects decoded from etcd without one
 * @param resourceVersion {@code metadata.resourceVersion}; may be null
 * @param json            the object as compact JSON text
 */
public record ApiObject(ObjectKey key, String apiVersion, String uid, String resourceVersion, String json) {

    public ApiObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(json, "json");
    }

    /** The resourceVersion as a number (an etcd revision), or -1 when it is absent or not numeric. */
    public long resourceVersionNumber() {
        if (resourceVersion == null || resourceVersion.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
