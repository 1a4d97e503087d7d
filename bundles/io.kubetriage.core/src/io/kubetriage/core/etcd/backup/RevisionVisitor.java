package io.kubetriage.core.etcd.backup;

/** Receives the revision entries of an etcd backup, oldest first. */
@FunctionalInterface
public interface RevisionVisitor {

    /**
     * @param entry the entry, a tombstone if {@link KeyRecord#deleted()}
     * @return false to stop the scan
     */
    boolean visit(KeyRecord entry);
}
