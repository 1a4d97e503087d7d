package io.kubetriage.core.snapshot;

import java.util.Comparator;
import java.util.Objects;

/**
 * Identifies an API object across snapshots: API group, kind, namespace and name. The version is
 * left out on purpose, so that an object read as {@code apps/v1} in one snapshot matches the same
 * object read as {@code apps/v1beta2} in another.
 *
 * @param group     the API group; empty for the core group
 * @param kind      the kind, e.g. {@code Deployment}
 * @param namespace the namespace; empty for cluster-scoped objects
 * @param name      the name
 */
public record ObjectKey(String group, String kind, String namespace, String name) implements Comparable<ObjectKey> {

    private static final Comparator<ObjectKey> ORDER = Comparator.comparing(ObjectKey::group)
            .thenComparing(ObjectKey::kind).thenComparing(ObjectKey::namespace).thenComparing(ObjectKey::name);

    public ObjectKey {
        group = group == null ? "" : group;
        Objects.requireNonNull(kind, "kind");
        namespace = namespace == null ? "" : namespace;
        Objects.requireNonNull(name, "name");
    }

    /** The group of an {@code apiVersion} such as {@code apps/v1} ({@code apps}) or {@code v1} (core, empty). */
    public static String groupOf(String apiVersion) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public boolean isNamespaced() {
        return !namespace.isEmpty();
    }

    /** {@code kind[.group] namespace/name}, as kubectl would name it. */
    @Override
    public String toString() {
        return kind + (group.isEmpty() ? "" : "." + group) + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    @Override
    public int compareTo(ObjectKey other) {
        return ORDER.compare(this, other);
    }
}
