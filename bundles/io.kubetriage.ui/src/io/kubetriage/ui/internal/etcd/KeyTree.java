package io.kubetriage.ui.internal.etcd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.kubetriage.connector.etcd.decode.RegistryKey;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.core.etcd.section.EtcdSection;

/**
 * The keys of an etcd section as a tree: resource, then namespace, then name; cluster-scoped
 * objects right under their resource, keys outside {@code /registry/<resource>/} in a group of
 * their own. Built off the UI thread; the lazy tree asks for one child at a time, so 100,000 keys
 * cost nothing until a group is opened.
 */
final class KeyTree {

    private KeyTree() {
    }

    /** A node of the tree: a group or a key. */
    sealed interface Node permits Group, Leaf {
        Group parent();
    }

    /** A resource, a namespace, or the root (no parent). */
    static final class Group implements Node {
        private final String name;
        private final Group parent;
        private final List<Node> children = new ArrayList<>();
        private int keyCount;

        Group(String name, Group parent) {
            this.name = name;
            this.parent = parent;
        }

        String name() {
            return name;
        }

        @Override
        public Group parent() {
            return parent;
        }

        List<Node> children() {
            return Collections.unmodifiableList(children);
        }

        /** The keys under the group, at any depth. */
        int keyCount() {
            return keyCount;
        }

        /** Whether this is a resource (its parent is the root). */
        boolean isResource() {
            return parent != null && parent.parent == null;
        }

        String label() {
            return name + " (" + keyCount + ")";
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /** One key. */
    record Leaf(EtcdKeyInfo info, String name, Group parent) implements Node {
        String key() {
            return info.key();
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public String toString() {
            return info.key();
        }
    }

    /**
     * The tree of the section's keys that contain {@code filter} (ignoring case; empty or null: all).
     *
     * @return the root, whose children are the resources
     */
    static Group build(EtcdSection section, String filter) {
        String needle = filter == null ? "" : filter.trim().toLowerCase(Locale.ROOT);
        Group root = new Group("", null);
        Map<String, Group> resources = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<Group, Map<String, Group>> namespaces = new java.util.HashMap<>();
        Group other = null;
        for (EtcdKeyInfo info : section.keys()) {
            if (!needle.isEmpty() && !info.key().toLowerCase(Locale.ROOT).contains(needle)) {
                continue;
            }
            RegistryKey parsed = RegistryKey.parse(info.key()).orElse(null);
            if (parsed == null || parsed.name() == null) {
                if (other == null) {
                    other = new Group(EtcdIds.OTHER_KEYS, root);
                }
                other.children.add(new Leaf(info, info.key(), other));
                other.keyCount++;
                continue;
            }
            String resourceName = parsed.group() == null ? parsed.resource() : parsed.resource() + "." + parsed.group();
            Group resource = resources.computeIfAbsent(resourceName, n -> new Group(n, root));
            resource.keyCount++;
            if (parsed.namespace() == null) {
                resource.children.add(new Leaf(info, parsed.name(), resource));
            } else {
                Group namespace = namespaces.computeIfAbsent(resource, r -> new TreeMap<>())
                        .computeIfAbsent(parsed.namespace(), n -> new Group(n, resource));
                namespace.children.add(new Leaf(info, parsed.name(), namespace));
                namespace.keyCount++;
            }
        }
        for (Group resource : resources.values()) {
            Map<String, Group> byNamespace = namespaces.get(resource);
            if (byNamespace != null) {
                // namespaces first (sorted), then the cluster-scoped names (already in key order)
                List<Node> direct = new ArrayList<>(resource.children);
                resource.children.clear();
                resource.children.addAll(byNamespace.values());
                resource.children.addAll(direct);
            }
            root.children.add(resource);
            root.keyCount += resource.keyCount;
        }
        if (other != null) {
            root.children.add(other);
            root.keyCount += other.keyCount;
        }
        return root;
    }

    /** The leaf of the key under {@code root}, or null. */
    static Leaf find(Group root, String key) {
        for (Node child : root.children) {
            if (child instanceof Leaf leaf && leaf.key().equals(key)) {
                return leaf;
            }
            if (child instanceof Group group) {
                Leaf found = find(group, key);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
