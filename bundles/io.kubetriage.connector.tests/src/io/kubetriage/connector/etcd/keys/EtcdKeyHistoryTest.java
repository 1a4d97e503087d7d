package io.kubetriage.connector.etcd.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.kubetriage.connector.etcd.EtcdClientFactory;
import io.kubetriage.connector.etcd.EtcdConnectException;
import io.kubetriage.connector.etcd.keys.KeyRevision.Kind;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.test.support.etcd.EtcdServerExtension;

/** Each test gets its own etcd: compaction is store-wide. */
class EtcdKeyHistoryTest {

    @RegisterExtension
    final EtcdServerExtension etcd = EtcdServerExtension.plain();

    private final EtcdKeyHistory history = new EtcdKeyHistory();

    @Test
    void putPutDeletePutIsTwoIncarnationsWithTheGapBetween() throws Exception {
        String key = "/registry/configmaps/default/settings";
        long first;
        long second;
        long deletion;
        long third;
        try (Client client = client()) {
            first = put(client, key, "one");
            put(client, "/registry/other", "unrelated");
            second = put(client, key, "two");
            deletion = delete(client, key);
            third = put(client, key, "three");
        }

        List<KeyRevision> revisions = history.history(endpoints(), null, key, new NullProgressMonitor());

        assertEquals(List.of(Kind.PUT, Kind.DELETED, Kind.PUT, Kind.PUT), revisions.stream().map(KeyRevision::kind)
                .toList(), revisions::toString);
        assertEquals(List.of(third, deletion, second, first), revisions.stream().map(KeyRevision::modRevision)
                .toList());
        assertEquals(List.of(1L, 0L, 2L, 1L), revisions.stream().map(KeyRevision::version).toList());
        for (KeyRevision r : revisions) {
            if (r.kind() == Kind.PUT) {
                EtcdKeyInfo expected = etcdctlAt(key, r.modRevision()).orElseThrow();
                assertEquals(expected.createRevision(), r.createRevision());
                assertEquals(expected.version(), r.version());
                assertArrayEquals(expected.value(), r.value());
            } else {
                assertTrue(etcdctlAt(key, r.modRevision()).isEmpty(), "deleted at " + r.modRevision());
                assertTrue(etcdctlAt(key, r.modRevision() - 1).isPresent(), "present before the deletion");
            }
        }
    }

    @Test
    void historyStopsAtTheCompactionWithItsRevision() throws Exception {
        String key = "/registry/deployments/shop/web";
        long compactAt;
        long newest;
        try (Client client = client()) {
            put(client, key, "a1");
            put(client, key, "a2");
            compactAt = put(client, key, "a3");
            newest = put(client, key, "a4");
            client.getKVClient().compact(compactAt).get(10, TimeUnit.SECONDS);
        }

        List<KeyRevision> revisions = history.history(endpoints(), null, key, new NullProgressMonitor());

        assertEquals(List.of(KeyRevision.put(newest, newest - 3, 4, 0, bytes("a4")),
                KeyRevision.put(compactAt, compactAt - 2, 3, 0, bytes("a3")),
                KeyRevision.compacted(compactAt)), revisions);
        assertEquals("compacted at " + compactAt, revisions.get(2).toString());
    }

    @Test
    void aKeyDeletedAfterTheCompactionShowsItsDeletionAndItsStateAtTheCompaction() throws Exception {
        String key = "/registry/pods/shop/web-0";
        long compactAt;
        long deletion;
        try (Client client = client()) {
            put(client, key, "x1");
            compactAt = put(client, key, "x2");
            put(client, "/registry/other", "unrelated");
            client.getKVClient().compact(compactAt).get(10, TimeUnit.SECONDS);
            deletion = delete(client, key);
        }

        List<KeyRevision> revisions = history.history(endpoints(), null, key, new NullProgressMonitor());

        assertEquals(List.of(KeyRevision.deleted(deletion), KeyRevision.put(compactAt, compactAt - 1, 2, 0,
                bytes("x2")), KeyRevision.compacted(compactAt)), revisions);
    }

    @Test
    void aKeyThatNeverExistedHasNoHistory() throws Exception {
        try (Client client = client()) {
            put(client, "/registry/something", "else");
        }
        assertEquals(List.of(), history.history(endpoints(), null, "/registry/nothing", new NullProgressMonitor()));
    }

    @Test
    void getReadsAtARevisionAndReportsTheCompaction() throws Exception {
        String key = "/registry/secrets/shop/token";
        long old;
        long compactAt;
        try (Client client = client()) {
            old = put(client, key, "old");
            compactAt = put(client, key, "new");
            put(client, key, "newest");
            client.getKVClient().compact(compactAt).get(10, TimeUnit.SECONDS);
        }

        assertArrayEquals(bytes("newest"), history.get(endpoints(), null, key, 0).orElseThrow().value());
        KeyRevision atCompaction = history.get(endpoints(), null, key, compactAt).orElseThrow();
        assertEquals(KeyRevision.put(compactAt, old, 2, 0, bytes("new")), atCompaction);
        assertEquals(Optional.empty(), history.get(endpoints(), null, "/registry/none", compactAt));

        EtcdCompactedException e = assertThrows(EtcdCompactedException.class,
                () -> history.get(endpoints(), null, key, old));
        assertEquals(compactAt, e.compactRevision());
        assertEquals(old, e.requestedRevision());
        assertTrue(e.getMessage().endsWith("compacted at " + compactAt), e.getMessage());

        EtcdConnectException future = assertThrows(EtcdConnectException.class,
                () -> history.get(endpoints(), null, key, compactAt + 1000));
        assertTrue(future.getMessage().contains("newer than etcd's current revision"), future.getMessage());
    }

    private EtcdEndpoints endpoints() {
        return new EtcdEndpoints(List.of(etcd.clientEndpoint()), null, null, null, null, null, false);
    }

    private Client client() throws EtcdConnectException {
        return EtcdClientFactory.create(endpoints(), null);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long put(Client client, String key, String value) throws Exception {
        return client.getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8),
                ByteSequence.from(value, StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS).getHeader().getRevision();
    }

    private static long delete(Client client, String key) throws Exception {
        return client.getKVClient().delete(ByteSequence.from(key, StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS)
                .getHeader().getRevision();
    }

    /** What {@code etcdctl get KEY --rev=N -w json} shows. */
    private Optional<EtcdKeyInfo> etcdctlAt(String key, long revision) throws Exception {
        tools.jackson.databind.JsonNode root = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(etcd.etcdctl("get", key, "--rev=" + revision, "-w", "json").stdout());
        for (tools.jackson.databind.JsonNode kv : root.path("kvs")) {
            byte[] value = java.util.Base64.getDecoder().decode(kv.path("value").asString(""));
            return Optional.of(new EtcdKeyInfo(key, kv.path("create_revision").asLong(),
                    kv.path("mod_revision").asLong(), kv.path("version").asLong(), kv.path("lease").asLong(),
                    value.length, value));
        }
        return Optional.empty();
    }
}
