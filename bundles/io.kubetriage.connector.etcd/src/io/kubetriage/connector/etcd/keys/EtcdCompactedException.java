package io.kubetriage.connector.etcd.keys;

/**
 * A read asked for a revision etcd no longer holds: the store was compacted after it
 * ("required revision has been compacted").
 */
public class EtcdCompactedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long requestedRevision;
    private final long compactRevision;

    public EtcdCompactedException(long requestedRevision, long compactRevision) {
        super("revision " + requestedRevision + " is no longer held by etcd: compacted at " + compactRevision);
        this.requestedRevision = requestedRevision;
        this.compactRevision = compactRevision;
    }

    /** The revision that was asked for. */
    public long requestedRevision() {
        return requestedRevision;
    }

    /** The revision etcd was compacted at: the oldest one it can still be read at. */
    public long compactRevision() {
        return compactRevision;
    }
}
