package io.kubetriage.core.etcd;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The status of every etcd endpoint that was asked: the members that answered, and for those that
 * did not, why.
 *
 * @param members  the members that answered, in endpoint order
 * @param failures endpoint → plain-language reason, for the endpoints that did not answer
 */
public record EtcdClusterStatus(List<EtcdMemberStatus> members, Map<URI, String> failures) {

    public EtcdClusterStatus {
        members = List.copyOf(members);
        // Keeps endpoint order for display.
        failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    }

    /** The first member that answered and believes itself to be the leader. */
    public Optional<EtcdMemberStatus> leader() {
        return members.stream().filter(EtcdMemberStatus::isLeader).findFirst();
    }

    /** The highest store revision any member reported, or 0 when none answered. */
    public long maxRevision() {
        return members.stream().mapToLong(EtcdMemberStatus::revision).max().orElse(0);
    }
}
