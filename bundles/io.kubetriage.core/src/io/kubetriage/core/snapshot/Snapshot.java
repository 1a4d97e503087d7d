package io.kubetriage.core.snapshot;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A point-in-time capture of one cluster, immutable once built: the manifest, the API objects by
 * key, the events, and further sections by name (the etcd and node sections, filled by their
 * collectors; a snapshot without them is valid).
 */
public final class Snapshot {

    private final SnapshotManifest manifest;
    private final SortedMap<ObjectKey, ApiObject> objects;
    private final List<ApiObject> events;
    private final Map<String, byte[]> sections;

    /**
     * @param sections named raw sections, e.g. {@code etcd/status.json}; names use {@code /} and are
     *                 kept as they are
     * @throws IllegalArgumentException when two objects have the same key
     */
    public Snapshot(SnapshotManifest manifest, Collection<ApiObject> objects, List<ApiObject> events,
            Map<String, byte[]> sections) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        TreeMap<ObjectKey, ApiObject> byKey = new TreeMap<>();
        for (ApiObject o : objects) {
            if (byKey.put(o.key(), o) != null) {
                throw new IllegalArgumentException("two objects are " + o.key());
            }
        }
        this.objects = Collections.unmodifiableSortedMap(byKey);
        this.events = List.copyOf(events);
        Map<String, byte[]> copy = new LinkedHashMap<>();
        sections.forEach((name, bytes) -> copy.put(name, bytes.clone()));
        this.sections = Collections.unmodifiableMap(copy);
    }

    public SnapshotManifest manifest() {
        return manifest;
    }

    /** The API objects, in key order. */
    public Collection<ApiObject> objects() {
        return objects.values();
    }

    public Optional<ApiObject> object(ObjectKey key) {
        return Optional.ofNullable(objects.get(key));
    }

    public int objectCount() {
        return objects.size();
    }

    public List<ApiObject> events() {
        return events;
    }

    /** The names of the raw sections. */
    public Collection<String> sectionNames() {
        return sections.keySet();
    }

    /** A copy of a raw section's bytes. */
    public Optional<byte[]> section(String name) {
        byte[] bytes = sections.get(name);
        return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
    }

    /** The same snapshot under another name. */
    public Snapshot withName(String name) {
        return new Snapshot(manifest.withName(name), objects.values(), events, sections);
    }

    /** The highest numeric resourceVersion among the objects: the newest etcd revision they show. */
    public long maxResourceVersion() {
        long max = -1;
        for (ApiObject o : objects.values()) {
            max = Math.max(max, o.resourceVersionNumber());
        }
        return max;
    }
}
