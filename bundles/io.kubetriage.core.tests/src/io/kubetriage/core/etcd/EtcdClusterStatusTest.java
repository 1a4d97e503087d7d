package io.kubetriage.core.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class EtcdClusterStatusTest {

    private static final long LEADER = 0x8e9e05c52164694dL;

    private static EtcdMemberStatus member(String endpoint, long id, long revision) {
        return new EtcdMemberStatus(URI.create(endpoint), id, "m" + id, "3.5.9", 20_480_000,
                10_240_000, LEADER, 1000, 4, 1000, revision, List.of());
    }

    @Test
    void leaderIsTheMemberWhoseIdIsTheLeaderId() {
        EtcdMemberStatus follower = member("https://a:2379", 1, 500);
        EtcdMemberStatus leader = member("https://b:2379", LEADER, 502);

        EtcdClusterStatus status = new EtcdClusterStatus(List.of(follower, leader), Map.of());

        assertFalse(follower.isLeader());
        assertTrue(leader.isLeader());
        assertEquals(Optional.of(leader), status.leader());
        assertEquals(502, status.maxRevision());
        assertEquals("8e9e05c52164694d", leader.memberIdHex());
    }

    @Test
    void noAnsweringLeaderAndNoMembers() {
        Map<URI, String> failures = new LinkedHashMap<>();
        failures.put(URI.create("https://c:2379"), "connection refused");
        failures.put(URI.create("https://a:2379"), "deadline exceeded");

        EtcdClusterStatus status = new EtcdClusterStatus(List.of(member("https://b:2379", 2, 9)), failures);
        EtcdClusterStatus empty = new EtcdClusterStatus(List.of(), failures);

        assertEquals(Optional.empty(), status.leader());
        assertEquals(0, empty.maxRevision());
        assertEquals(List.of(URI.create("https://c:2379"), URI.create("https://a:2379")),
                List.copyOf(status.failures().keySet()), "failures keep endpoint order");
    }

    @Test
    void memberWithoutIdIsNeverLeader() {
        EtcdMemberStatus unknown = new EtcdMemberStatus(URI.create("http://a:2379"), 0, null, "3.5.9",
                0, 0, 0, 0, 0, 0, 0, null);

        assertFalse(unknown.isLeader());
        assertEquals(List.of(), unknown.errors());
    }
}
