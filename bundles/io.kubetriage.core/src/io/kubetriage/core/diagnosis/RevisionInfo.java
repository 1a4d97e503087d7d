package io.kubetriage.core.diagnosis;

import java.util.Objects;

/**
 * The revision of a live etcd store, read at diagnosis time.
 *
 * @param source          where it was read, e.g. {@code etcd https://10.0.0.1:2379}
 * @param revision        the store's current revision
 * @param compactRevision the revision it was compacted at, or 0 when not known
 */
public record RevisionInfo(String source, long revision, long compactRevision) {

    public RevisionInfo {
        Objects.requireNonNull(source, "source");
        if (revision < 0 || compactRevision < 0) {
            throw new IllegalArgumentException("negative revision");
        }
    }
}
