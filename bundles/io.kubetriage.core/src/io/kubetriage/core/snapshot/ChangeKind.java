package io.kubetriage.core.snapshot;

/**
 * How an object differs between two snapshots (the older one "before", the other "after").
 * These names appear in {@code kubetriage-cli snapshot diff -o json} and are stable.
 */
public enum ChangeKind {
    /** Only in the after snapshot, and new: its resourceVersion is above everything before had. */
    ADDED,
    /** Only in the before snapshot. */
    REMOVED,
    /** In both; content differs and the resourceVersion moved forward. */
    CHANGED,
    /** In both; the resourceVersion is lower after than before: the store went back in time. */
    RESOURCE_VERSION_BACKWARDS,
    /** In both with the same resourceVersion, yet different content: two histories under one revision. */
    SAME_RESOURCE_VERSION_DIFFERENT_CONTENT,
    /**
     * Only in the after snapshot, yet old: its resourceVersion is not above the highest one the
     * before snapshot had, so it was not created since; it came back (e.g. an etcd restore).
     */
    REAPPEARED,
    /** The same name, another UID: deleted and created again. */
    RECREATED
}
