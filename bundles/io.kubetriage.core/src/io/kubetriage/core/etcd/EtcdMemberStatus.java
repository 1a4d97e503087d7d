package io.kubetriage.core.etcd;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What one etcd member reported about itself, as {@code etcdctl endpoint status} shows it.
 *
 * @param endpoint         the URL the member was asked at
 * @param memberId         the member's ID
 * @param name             the member's name, or null when not known
 * @param version          the etcd server version, e.g. {@code 3.5.9}
 * @param dbSize           size of the backend database file, in bytes
 * @param dbSizeInUse      bytes of the database in use; the rest can be reclaimed by defragmenting
 * @param leaderId         the ID of the member this member believes leads the cluster; 0 if none
 * @param raftIndex        the member's raft log index
 * @param raftTerm         the member's raft term
 * @param raftAppliedIndex the raft index the member has applied to its store
 * @param revision         the store's current revision
 * @param errors           alarms and errors the member reported, e.g. {@code NOSPACE}
 */
public record EtcdMemberStatus(
        URI endpoint,
        long memberId,
        String name,
        String version,
        long dbSize,
        long dbSizeInUse,
        long leaderId,
        long raftIndex,
        long raftTerm,
        long raftAppliedIndex,
        long revision,
        List<String> errors) {

    public EtcdMemberStatus {
        Objects.requireNonNull(endpoint, "endpoint");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** Whether this member believes it is the leader. */
    public boolean isLeader() {
        return memberId != 0 && memberId == leaderId;
    }

    /** The member ID in hexadecimal, as etcdctl prints it. */
    public String memberIdHex() {
        return formatId(memberId);
    }

    /** An etcd member ID in hexadecimal; IDs are unsigned 64-bit numbers. */
    public static String formatId(long id) {
        return Long.toHexString(id);
    }
}
