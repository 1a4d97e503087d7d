package io.kubetriage.core.etcd.backup;

/**
 * A read asked for a revision older than the backup's compaction: etcd removed the history that
 * would answer it, as a live etcd would answer "required revision has been compacted".
 */
public class CompactedRevisionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long requestedRevision;
    private final long compactRevision;

    public CompactedRevisionException(long requestedRevision, long compactRevision) {
        super("revision " + requestedRevision + " is no longer in the backup: compacted at " + compactRevision);
        this.requestedRevision = requestedRevision;
        this.compactRevision = compactRevision;
    }

    public long requestedRevision() {
        return requestedRevision;
    }

    public long compactRevision() {
        return compactRevision;
    }
}
